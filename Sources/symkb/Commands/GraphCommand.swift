import ArgumentParser
import Foundation
import GraphExport
import Synchronization
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// `symkb graph X`: a picture of what the knowledge base says around an entity.
struct GraphCommand: ParsableCommand, LoadsPacks {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the neighbourhood of an entity: Graphviz DOT, Mermaid, SVG or an indented tree.",
        discussion: """
            Nodes are styled by kind, with a legend; edges are labelled by relation and their \
            qualifiers ("may", a frequency); negated assertions are dashed. --format is dot \
            (the default), mermaid, svg or tree. svg runs Graphviz's \
            'dot' (Debian: apt install graphviz). tree draws the is_a ancestry of a term that has \
            one, else every relation out to --depth.

            Examples:
              symkb graph "Lhermitte's sign" --format svg --out lhermitte.svg
              symkb graph 'ms spasms' --depth 2 --relations has_symptom -f mermaid
              symkb graph HP:0001337 --format tree --pack ~/.local/share/symkb/packs/hpo
            """
    )

    enum PictureFormat: String, CaseIterable {
        case dot, mermaid, svg, tree
    }


    @Argument(help: ArgumentHelp("The entity: a name, synonym or id.", valueName: "entity"))
    var entity: String

    @Option(help: "How many steps out from the entity to draw (1 to 6).")
    var depth = 1

    @Option(help: ArgumentHelp("Only these relations (names or inverse names, comma-separated).", valueName: "r1,r2"))
    var relations: String?

    @OptionGroup var options: PackOptions

    @Option(help: "Most entities to draw; the legend says how many more there were.")
    var maxNodes = 60

    @Option(help: ArgumentHelp("Write to FILE (atomically), not standard output (- is standard output).", valueName: "FILE"))
    var out: String?

    /// `--format`: dot unless another picture format is named.
    var format: PictureFormat { options.formatOption.flatMap { PictureFormat(rawValue: $0.lowercased()) } ?? .dot }

    func validate() throws {
        if let name = options.formatOption, PictureFormat(rawValue: name.lowercased()) == nil {
            throw ValidationError("graph draws dot (the default), mermaid, svg or tree, not '\(name)'")
        }
        guard (1...6).contains(depth) else { throw ValidationError("--depth takes a number from 1 to 6") }
        guard (1...5000).contains(maxNodes) else { throw ValidationError("--max-nodes takes a number from 1 to 5000") }
        if out?.isEmpty == true { throw ValidationError("--out needs a file to write (or - for standard output)") }
    }

    func run() throws {
        // `--out -` is standard output, as for most tools.
        let out = self.out == "-" ? nil : self.out
        let session = try Session.loading(packs: options.packs, noDefaultPacks: options.noDefaultPacks)
        let engine = session.shell.queryEngine
        let graph = engine.graph
        let center: EntityID
        do throws(QueryError) {
            center = try engine.entity(named: entity)
        } catch {
            session.printer.print(error.diagnostic(file: "<argument>", line: 1, query: entity))
            throw ExitCode(ExitStatus.queryFailed)
        }
        var chosen: Set<RelationID>?
        if let relations {
            var ids = Set<RelationID>()
            for name in relations.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let step = graph.step(named: name) else {
                    let guess = Spelling.closest(to: name, among: graph.relationNames).first.map { " (did you mean \($0)?)" } ?? ""
                    session.printer.error(.unknownRelation, "unknown relation '\(TerminalText.escaped(name))'\(guess); known: "
                        + graph.relationNames.joined(separator: ", "))
                    throw ExitCode(ExitStatus.usage)
                }
                ids.insert(step.relation)
            }
            chosen = ids
        }
        let clean: @Sendable (String) -> String = { TerminalText.escaped($0) }
        let text: String
        switch format {
        case .tree:
            text = GraphPicture.tree(of: center, in: graph, depth: depth, relations: chosen, clean: clean)
        case .dot, .mermaid, .svg:
            var picture = GraphPicture.neighbourhood(of: center, in: graph, depth: depth, relations: chosen, maxNodes: maxNodes)
            picture.clean = clean
            text = format == .mermaid ? picture.mermaid() : picture.dot()
        }
        let output = format == .svg ? try Graphviz.svg(from: text, printer: session.printer) : text
        do {
            var stream = try FileTextStream(path: out)
            stream.write(output)
            try stream.commit()
        } catch let failure as ReplacedFile.Failure {
            session.printer.error(.fileWriteFailed, "cannot write the picture to \(out ?? "standard output"): \(failure)")
            throw ExitCode(ExitStatus.cannotCreate)
        } catch {
            session.printer.error(.fileWriteFailed, "cannot write the picture to \(out ?? "standard output"): " + Output.describe(error))
            throw ExitCode(ExitStatus.queryFailed)
        }
    }
}

/// Graphviz's `dot`, run as a child process.
enum Graphviz {
    /// The `dot` program on `PATH`, if installed.
    static var program: URL? { ExternalTool.find("dot") }

    /// The longest `dot` may take.
    static let deadline = Duration.seconds(60)

    /// SVG from DOT; without Graphviz, a message naming the package and exit status 69.
    static func svg(from dot: String, printer: DiagnosticPrinter) throws -> String {
        guard let program else {
            printer.error(.toolMissing, "SVG needs Graphviz's 'dot', which is not on PATH (Debian/Ubuntu: apt install graphviz); --format dot writes the source")
            throw ExitCode(ExitStatus.unavailable)
        }
        let process = Process()
        process.executableURL = program
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // dot ends with symkb (a `timeout` or a closed terminal), and after a minute at most: a
        // layout of thousands of nodes can take it many minutes.
        let slot = SignalCleanup.end(onSignal: process.processIdentifier)
        defer { SignalCleanup.forgetChild(slot) }
        let deadline = Self.deadline
        let settled = Mutex(false)
        let pid = process.processIdentifier
        // `finished` is set by whichever comes first: the deadline (which kills dot) or its end.
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(deadline.components.seconds))) {
            settled.withLock { finished in
                guard !finished else { return }
                finished = true
                kill(pid, SIGKILL)
            }
        }
        // Write on another thread: dot may fill its output pipe before it has read all its input.
        let writer = Thread { try? input.fileHandleForWriting.write(contentsOf: Data(dot.utf8)); try? input.fileHandleForWriting.close() }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Whether the watchdog killed it, or now cannot.
        let killed = settled.withLock { finished in
            defer { finished = true }
            return finished
        }
        if killed {
            printer.error(.toolFailed, "Graphviz's dot took more than \(deadline.components.seconds) s to lay the picture out and was "
                + "stopped; draw fewer nodes (--max-nodes, --depth) or write the source with --format dot")
            throw ExitCode(ExitStatus.queryFailed)
        }
        guard process.terminationStatus == 0 else {
            printer.error(.toolFailed, "Graphviz's dot failed: " + TerminalText.escaped(String(decoding: problems, as: UTF8.self)))
            throw ExitCode(ExitStatus.queryFailed)
        }
        return String(decoding: svg, as: UTF8.self)
    }
}
