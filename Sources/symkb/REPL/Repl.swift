import Foundation
import KnowledgePacks
import SymkbShell
import SymptomQuery

/// The interactive shell: banner, prompt, multi-line input, history, completion, dot-commands
/// (history and completion where the terminal can edit lines: ``terminalLineReader()``).
struct Repl {
    var session: Session
    let history: HistoryFile?

    static let prompt = "symkb> "
    static let continuationPrompt = "   ...> "
    static let answerPrompt = "answer> "

    mutating func run() -> Int32 {
        setUpLocale()
        Interrupts.install()
        let editor = terminalLineReader()
        var entries = history?.load() ?? []
        for entry in entries { editor.remember(entry) }
        var completer = Completer(knowledge: session.shell.knowledge)
        editor.complete = { completer.complete($0) }
        Output.write(banner() + "\n")

        var pending = ""
        var lastGraphSize = session.shell.knowledge.graph.entities.count
        while true {
            let interviewing = session.shell.interview != nil
            let input = editor.readLine(prompt: interviewing ? Self.answerPrompt : pending.isEmpty ? Self.prompt : Self.continuationPrompt)
            switch input {
            case .endOfFile:
                Output.write("\n")
                // Ctrl-D at an interview's answer ends the interview (with its summary), not the shell.
                if interviewing {
                    if execute("stop") { return 0 }
                    continue
                }
                return 0
            case .interrupted:
                // Ctrl-C abandons the line and any pending multi-line input.
                Output.write("\n")
                pending = ""
                continue
            case let .line(line):
                // A closing backslash continues the entry on the next line, as in a shell.
                let continued = interviewing ? nil : ScriptSplitter.withoutContinuation(line)
                pending = pending.isEmpty ? continued ?? line : pending + "\n" + (continued ?? line)
                if continued != nil { continue }
            }
            if pending.trimmingCharacters(in: .whitespaces).isEmpty {
                pending = ""
                continue
            }
            if !interviewing, !pending.hasPrefix("."), ScriptSplitter.isIncomplete(pending.replacingOccurrences(of: "\n", with: " "), waitingForName: true) {
                continue
            }
            let entry = pending.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            pending = ""
            // An interview's answers ("yes", "no") are not queries to recall later.
            if !interviewing {
                editor.remember(entry)
                entries.append(entry)
                if let history { try? history.save(entries.suffix(HistoryFile.limit)) }
            }

            // An interview's answers are lines of their own ("don't know" is not an open quote).
            let statements = entry.hasPrefix(".") || interviewing ? [entry] : ScriptSplitter.split(entry).map(\.text)
            for statement in statements {
                if execute(statement) { return 0 }
            }
            let knowledge = session.shell.knowledge
            if knowledge.graph.entities.count != lastGraphSize || statements.contains(where: { $0.hasPrefix(".") }) {
                completer = Completer(knowledge: knowledge)
                lastGraphSize = knowledge.graph.entities.count
            }
        }
    }

    /// Runs one statement; returns whether to leave.
    private mutating func execute(_ statement: String) -> Bool {
        let interviewing = session.shell.interview != nil
        session.shell.settings.width = Terminal.width(fileDescriptor: 1)
        let response = session.shell.execute(interviewing ? statement : Self.dotCommand(typed: statement, session: session) ?? statement)
        if Interrupts.takeInterrupt() {
            Output.error("query cancelled")
            return false
        }
        // A `.read` file's answers and errors in turn, as they came.
        for part in response.parts {
            session.emit(part.output)
            session.printer.print(part, file: nil, line: 0)
        }
        return response.quits
    }

    /// `exit`, `quit`, `help` and the like typed alone (``QuestionForms/shellWords``), as other
    /// shells take them: the dot-command, unless the word names something the packs know. (A script's line
    /// `exit` is an error that says to type `.quit`: a script says what it means.)
    static func dotCommand(typed statement: String, session: Session) -> String? {
        let word = statement.trimmingCharacters(in: .whitespaces).lowercased()
        guard let command = QuestionForms.shellWords[word] else { return nil }
        if case .unique = session.shell.knowledge.graph.resolve(word) { return nil }
        return command
    }

    private func banner() -> String {
        let knowledge = session.shell.knowledge
        let packs = knowledge.packs.map { "\($0.id) \($0.manifest.version)" }.joined(separator: ", ")
        let graph = knowledge.graph
        return Style.standardOutput.bold("symkb \(SymkbVersion.current)")
            + " · \(packs.isEmpty ? "no packs" : packs) · \(Output.counted(graph.entities.count, "entity", plural: "entities")), "
            + "\(Output.counted(graph.assertions.count, "assertion")) · type .help · not medical advice"
    }

    private func setUpLocale() {
        // libedit drops non-ASCII input without a UTF-8 character type.
        if let current = setlocale(LC_CTYPE, ""), String(cString: current) != "C", String(cString: current) != "POSIX" {
            return
        }
        setlocale(LC_CTYPE, "C.UTF-8")
    }
}
