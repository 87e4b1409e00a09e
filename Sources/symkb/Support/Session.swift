import ArgumentParser
import BundledKnowledge
import KnowledgePacks
import SymptomQuery

/// One run of symkb: the loaded knowledge, the renderer, and how queries are answered and reported.
struct Session {
    let knowledge: KnowledgeBase
    let engine: QueryEngine
    let renderer: ResultRenderer
    let options: GlobalOptions

    /// Loads the bundled packs and those named with `--pack`; prints diagnostics and exits 65/66 on failure.
    init(options: GlobalOptions) throws {
        self.options = options
        var files = options.noDefaultPacks
            ? [] : PackLoading.embeddedPacks(BundledKnowledge.files, displayPrefix: "Knowledge")
        do throws(PackLoadError) {
            for directory in options.packs { files.append(try PackFiles.read(directory: directory)) }
            let (contents, _) = try PackLoading.read(files)
            knowledge = try KnowledgeBase(packs: contents)
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitCode(error.kind == .missingInput ? ExitStatus.noInput : ExitStatus.dataError)
        }
        engine = QueryEngine(graph: knowledge.graph)
        renderer = ResultRenderer(format: options.format, showsProvenance: options.why, graph: knowledge.graph)
    }

    /// Runs the statements of a script; returns the exit status.
    func runScript(_ text: String, file: String) -> Int32 {
        run(ScriptSplitter.split(text).map { (text: $0.text, file: file, line: $0.line) })
    }

    /// Answers statements in order, printing answers as they come (all at once for `json`).
    func run(_ statements: [(text: String, file: String, line: Int)]) -> Int32 {
        var outcomes: [QueryOutcome] = []
        var status: Int32 = 0
        var printedAny = false
        for statement in statements {
            let outcome: QueryOutcome
            do {
                outcome = QueryOutcome(query: statement.text, result: .success(try engine.answer(statement.text)))
            } catch {
                outcome = QueryOutcome(query: statement.text, result: .failure(error))
                DiagnosticPrinter.print(error, in: statement.text, file: statement.file, line: statement.line)
                status = ExitStatus.queryFailed
            }
            if options.format == .json {
                outcomes.append(outcome)
            } else {
                let text = renderer.render(outcome)
                if printedAny, [.table, .markdown].contains(options.format), !text.isEmpty || options.echo {
                    Output.write("\n")
                }
                if options.echo { Output.write(echoLine(statement.text)) }
                Output.write(text)
                printedAny = printedAny || !text.isEmpty || options.echo
            }
            if status != 0 && options.bail { break }
        }
        if options.format == .json { Output.write(renderer.render(batch: outcomes)) }
        return status
    }

    private func echoLine(_ query: String) -> String {
        switch options.format {
        case .table, .markdown: "> \(query)\n"
        case .csv: "# \(query)\r\n"
        case .json, .jsonl: ""
        }
    }
}
