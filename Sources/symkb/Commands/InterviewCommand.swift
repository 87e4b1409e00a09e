import ArgumentParser
import Foundation
import KnowledgePacks
import SymkbShell
import SymptomQuery

/// `symkb interview [FINDING…]`: a diagnostic interview, on a terminal or scripted.
struct InterviewCommand: ParsableCommand, LoadsPacks, AnswersQueries {
    static let configuration = CommandConfiguration(
        commandName: "interview",
        abstract: "Rank diseases from findings and ask, one at a time, the question that tells the most.",
        discussion: """
            Findings are names or ids; write 'not X' for one that is absent. Each step shows the \
            differential (post-test probabilities from likelihood ratios) and asks about the \
            finding with the highest expected information gain over it.

            Answer yes, no, unsure (skip), why, undo, show, stop or help; or name a finding of your \
            own ('has tremor', 'no tremor'). Answers are read one per line from the terminal, from \
            standard input, or from --answers FILE; with --format jsonl every event is one JSON \
            object per line as it happens (--format json: one array of them at the end), and an \
            answer line may be JSON too: {"answer": "yes"}.

            The interview stops when the leading disease reaches --stop-at, when no question is \
            expected to tell enough, after --max-questions, or at the end of the answers.

            Examples:
              symkb interview --pack ~/hpo seizure ataxia
              printf 'yes\\nno\\nstop\\n' | symkb interview HP:0001250 --format jsonl

            Not medical advice.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("Findings known so far ('not X' when absent).", valueName: "finding"))
    var findings: [String] = []

    @Option(name: .customLong("from"), help: "The disease database: OMIM, ORPHA or DECIPHER.")
    var database = "OMIM"

    @Option(help: ArgumentHelp("Read the answers from FILE ('-' for standard input).", valueName: "FILE"))
    var answers: String?

    @Option(parsing: .unconditional, help: "Stop after this many questions.")
    var maxQuestions = 20

    @Option(parsing: .unconditional, help: "Stop when the leading disease is this probable (0 to 1).")
    var stopAt = 0.9

    @Option(parsing: .unconditional, help: "How many diseases the differential lists.")
    var top = 5

    @Option(help: ArgumentHelp("Write the findings and the differential as a GA4GH phenopacket (JSON) to FILE at the end.", valueName: "FILE"))
    var save: String?

    func validate() throws {
        if save?.isEmpty == true { throw ValidationError("--save needs a file to write the phenopacket to") }
        guard !InterviewConversation.presentAndAbsent(findings).present.isEmpty else {
            throw ValidationError("give at least one finding that is present, e.g. symkb interview tremor 'not seizure'")
        }
        guard [.table, .json, .jsonl].contains(options.format) else {
            throw ValidationError("the interview writes text (table), JSON (json: one array of its events) or JSON Lines (jsonl), "
                + "not \(options.format.rawValue)")
        }
        guard (0...1).contains(stopAt) else { throw ValidationError("--stop-at takes a probability from 0 to 1") }
        guard maxQuestions >= 0 else { throw ValidationError("--max-questions takes a number of at least 0") }
        guard (1...100).contains(top) else { throw ValidationError("--top takes a number from 1 to 100") }
    }

    func run() throws {
        // Checked before the questions, so that the answers are not lost at the end (73, as any
        // file that cannot be created).
        if let save, let why = ShellSession.whyUnwritable(save) {
            DiagnosticPrinter(format: options.format).error(.fileWriteFailed, "cannot write --save \(save): \(why)")
            throw ExitCode(ExitStatus.cannotCreate)
        }
        var source = try AnswerSource(path: answers)
        var session = try Session(options: options)
        var interviewOptions = Interview.Options()
        interviewOptions.database = database.uppercased() == "ORPHANET" ? "ORPHA" : database.uppercased()
        try session.requireDatabase(interviewOptions.database, for: "the interview")
        interviewOptions.questionBudget = maxQuestions
        interviewOptions.stopProbability = stopAt
        // An argument that lists findings ('tremor, ataxia', as `.interview` takes them) is split
        // at its commas, unless the whole names something.
        let graph = session.shell.knowledge.graph
        let listed = findings.flatMap { argument -> [String] in
            guard argument.contains(","), case .none = graph.resolve(argument) else { return [argument] }
            return InterviewConversation.findings(listedIn: argument)
        }
        let (present, absent) = InterviewConversation.presentAndAbsent(listed)
        var conversation: InterviewConversation
        do throws(QueryError) {
            conversation = try InterviewConversation(
                engine: session.shell.queryEngine, options: interviewOptions, present: present, absent: absent,
                format: [.json, .jsonl].contains(options.format) ? .jsonl : .text, differentialSize: top,
                listing: findings.joined(separator: ", "))
        } catch {
            var response = ShellResponse()
            response.problems.append(.query(error, text: error.span.end > 0 ? findings.joined(separator: ", ") : ""))
            session.printer.print(response, file: "<interview>", line: 1)
            session.end(error.id == .queryUnsupported ? ExitStatus.dataError : ExitStatus.queryFailed)
        }
        // JSON Lines stream an event a line; JSON is one document, the array of the events,
        // written when the interview ends.
        var events: [Substring] = []
        func emit(_ text: String) {
            guard options.format == .json else {
                session.emit(text)
                return
            }
            events += text.split(separator: "\n")
        }
        emit(conversation.start())
        while !conversation.isFinished, let line = source.next() {
            emit(conversation.respond(line))
        }
        emit(conversation.end())
        if options.format == .json { session.emit("[\n" + events.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n") }
        if let save {
            do {
                try PhenopacketFile.write(conversation.phenopacket(created: Phenopacket.now()), to: save)
            } catch {
                let reason = (error as? ReplacedFile.Failure)?.description ?? Output.describe(error)
                session.printer.error(.fileWriteFailed, "cannot write the phenopacket to \(save): \(reason)")
                session.end(error is ReplacedFile.Failure ? ExitStatus.cannotCreate : ExitStatus.queryFailed)
            }
        }
        session.end(0)
    }
}

/// Where answers come from: a file, standard input, or the terminal (``terminalLineReader()``).
struct AnswerSource {
    private var lines: [Substring]?
    private var position = 0
    private let editor: (any LineReading)?

    init(path: String?) throws {
        if let path, path != "-" {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                  let data = FileManager.default.contents(atPath: path) else {
                DiagnosticPrinter().error(.fileNotFound, "cannot read answers from \(TerminalText.escaped(path))"
                    + (isFolder.boolValue ? ": it is a folder" : ""))
                throw ExitCode(ExitStatus.noInput)
            }
            // Read as every text file is: a NUL byte or invalid UTF-8 is reported where it is (65).
            var read = try scriptText(data, name: path, printer: DiagnosticPrinter())
                .split(separator: "\n", omittingEmptySubsequences: false)
            // The newline that ends the last line starts no line of its own (an empty answer asks
            // the question again).
            if read.last?.isEmpty == true { read.removeLast() }
            lines = read
            editor = nil
        } else if path == nil, isatty(0) == 1 {
            lines = nil
            editor = terminalLineReader()
        } else {
            lines = nil
            editor = nil
        }
    }

    mutating func next() -> String? {
        if let lines {
            guard position < lines.count else { return nil }
            defer { position += 1 }
            return String(lines[position])
        }
        if let editor {
            switch editor.readLine(prompt: Repl.answerPrompt) {
            case let .line(line):
                editor.remember(line)
                return line
            case .endOfFile: return nil
            case .interrupted: return "stop"
            }
        }
        return readLine(strippingNewline: true)
    }
}
