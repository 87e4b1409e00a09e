import Foundation
import ArgumentParser
import SymkbShell
import SymptomQuery

/// `symkb query '<question>'…`: answer questions given as arguments.
struct QueryCommand: ParsableCommand, LoadsPacks, AnswersQueries {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Answer one or more queries given as arguments.",
        discussion: """
            Each argument is one query (shell commands that read or write files, such as .output, \
            are refused: use 'symkb run' for a script of them). Exit status: 0 when all succeed, 1 when any fails, \
            64 for bad usage, 65 for invalid packs, 66 for a missing pack folder.

            Examples:
              symkb query 'what triggers "Lhermitte'"'"'s sign"'
              symkb query 'what does neck movement trigger' 'effects of ms spasms'
              symkb query 'symptoms of ms spasms' --format json --why
              symkb query '?s has_symptom+ tingling, ?s kind condition'
              symkb query 'why neck movement -> ms spasms'
              symkb query --explain sparql 'what triggers "Lhermitte'"'"'s sign"'
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The queries to answer.", valueName: "query"))
    var queries: [String]

    @Option(help: ArgumentHelp("Instead of answering, print each query in another language: sparql (SPARQL 1.1 over the RDF of 'symkb export --format turtle').",
                               valueName: "language"))
    var explain: String?

    func validate() throws {
        if queries.isEmpty { throw ValidationError("give at least one query, e.g. symkb query 'symptoms of ms spasms'") }
        // Shell commands that read or write files (`.output FILE`, `.read FILE`, `.load DIR`): a
        // program that passes a user's text as a query must not run them. Scripts (`symkb run`) may.
        for query in queries {
            let word = query.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map { $0.lowercased() } ?? ""
            if word.hasPrefix("."), DotCommand.named(word)?.touchesFiles == true {
                throw ValidationError("'\(word)' reads or writes files, which symkb query does not do "
                    + "(a script with such commands runs with symkb run FILE)")
            }
        }
        if let explain, explain.lowercased() != "sparql" { throw ValidationError("--explain takes sparql") }
    }

    func run() throws {
        var session = try Session(options: options, confirmingLater: explain == nil)
        if explain != nil {
            // Text: each translation in turn. JSON: an array of {query, sparql} or {query, error}.
            struct Translation: Encodable {
                struct Failure: Encodable {
                    var id: String
                    var message: String
                }
                var query: String
                var sparql: String?
                var error: Failure?
            }
            var status: Int32 = 0
            var translations: [Translation] = []
            for (index, query) in queries.enumerated() {
                do throws(QueryError) {
                    let sparql = try SPARQLTranslator.translate(query, engine: session.shell.queryEngine)
                    translations.append(Translation(query: query, sparql: sparql))
                    if !options.format.isJSON { session.emit((index > 0 ? "\n" : "") + sparql) }
                } catch {
                    translations.append(Translation(query: query, error: .init(id: error.id.rawValue, message: error.description)))
                    session.printer.print(error.diagnostic(file: "<query>", line: index + 1, query: query))
                    status = ExitStatus.queryFailed
                }
            }
            if options.format.isJSON { session.emit(JSONText.encode(translations, pretty: true) + "\n") }
            session.end(status)
        }
        let statements = queries.enumerated().map { (statement: ScriptSplitter.Statement(text: $1, line: $0 + 1), file: "<query>") }
        let exitCode = session.run(statements)
        session.end(exitCode)
    }
}
