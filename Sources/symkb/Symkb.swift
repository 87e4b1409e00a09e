import ArgumentParser

/// The `symkb` command: question a symptom knowledge base from a terminal or a script.
@main
struct Symkb: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symkb",
        abstract: "Question a knowledge base of conditions, symptoms, signs, triggers and effects.",
        discussion: """
            With no subcommand and queries piped to standard input, symkb answers each line (batch mode).

            Examples:
              symkb query 'what triggers "Lhermitte'"'"'s sign"'
              symkb query 'symptoms of ms spasms' --format json
              symkb run questions.txt --why
              echo 'effects of ms spasms' | symkb

            Nothing symkb prints is medical advice.
            """,
        version: SymkbVersion.current,
        subcommands: [QueryCommand.self, RunCommand.self]
    )

    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard !Terminal.isInteractive(fileDescriptor: 0) else {
            throw CleanExit.message(Symkb.helpMessage())
        }
        let session = try Session(options: options)
        let exitCode = session.runScript(readStandardInput(), file: "<stdin>")
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}

/// The version of symkb.
enum SymkbVersion {
    static let current = "0.1.0"
}
