import ArgumentParser

/// `symkb query '<question>'…`: answer questions given as arguments.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Answer one or more queries given as arguments.",
        discussion: """
            Each argument is one query. Exit status: 0 when all succeed, 1 when any fails,
            64 for bad usage, 65 for invalid packs, 66 for a missing pack folder.

            Examples:
              symkb query 'what triggers "Lhermitte'"'"'s sign"'
              symkb query 'what does neck movement trigger' 'effects of ms spasms'
              symkb query 'symptoms of ms spasms' --format json --why
              symkb query '?s has_symptom+ tingling, ?s kind condition'
              symkb query 'why neck movement -> ms spasms'
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The queries to answer.", valueName: "query"))
    var queries: [String]

    func validate() throws {
        if queries.isEmpty { throw ValidationError("give at least one query, e.g. symkb query 'symptoms of ms spasms'") }
    }

    func run() throws {
        var session = try Session(options: options)
        let statements = queries.enumerated().map { (text: $1, file: "<query>", line: $0 + 1) }
        let exitCode = session.run(statements)
        session.end(exitCode)
    }
}
