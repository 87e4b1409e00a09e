import ArgumentParser
import Foundation
import KnowledgePacks
import SymkbShell
import SymptomGraph
import SymptomQuery

/// The `symkb` command: question a symptom knowledge base from a terminal or a script.
@main
struct Symkb: ParsableCommand, LoadsPacks, AnswersQueries {
    static let configuration = CommandConfiguration(
        commandName: "symkb",
        abstract: "Question a knowledge base of conditions, symptoms, signs, triggers and effects.",
        discussion: """
            With no subcommand on a terminal, symkb starts an interactive shell (type .help there). \
            With queries piped to standard input, it answers each line (batch mode) like 'symkb run -'.

            Examples:
              symkb query 'what triggers "Lhermitte'"'"'s sign"'
              symkb query 'symptoms of ms spasms' --format json
              symkb run questions.txt --why
              echo 'effects of ms spasms' | symkb

            Nothing symkb prints is medical advice.
            """,
        version: SymkbVersion.current,
        subcommands: [QueryCommand.self, RunCommand.self, RankCommand.self, InterviewCommand.self, GraphCommand.self, ExportCommand.self,
                      PackCommand.self]
    )

    @OptionGroup var options: GlobalOptions

    static func main() {
        // Before anything else: a closed standard input is noted (and its descriptor taken).
        StandardInput.checkAtStart()
        // Then the process is set up for the command: a compile runs in a child process whose
        // memory is torn down after the caller has its status, and the allocator is tuned (a
        // compile's without huge pages).
        let command = Symkb.command(namedBy: CommandLine.arguments.dropFirst())
        if command is any CompilesPacks.Type { DetachedTeardown.start() }
        HeapTuning.tune(for: command, root: Symkb.self)
        // The packs are read on the other core while the command line is parsed on this one.
        if command is any LoadsPacks.Type, !CommandLine.arguments.dropFirst().contains(where: Self.asksForHelpOrVersion) {
            _ = Session.readAhead
        }
        do {
            if let problem = unknownHelpTopic(CommandLine.arguments.dropFirst()) { throw ValidationError(problem) }
            var command = try parseAsRoot()
            if !(command is any AnswersQueries), let option = AnswerOptions.named(in: CommandLine.arguments.dropFirst()) {
                let name = (["symkb"] + Self.commandPath(of: type(of: command))).joined(separator: " ")
                // A usage error as any other is (its command's usage; JSON under --format json).
                throw ValidationError("\(option) does not apply to '\(name)': it is an option of the commands "
                    + "that answer queries (query, run, rank, interview and the shell)")
            }
            try command.run()
        } catch {
            let arguments = CommandLine.arguments.dropFirst()
            exit(escaping: error, command: command, hint: commandHint(arguments)
                ?? (ObjectIdentifier(command) == ObjectIdentifier(Symkb.self) ? questionHint(arguments) : nil))
        }
    }

    /// The subcommand names that lead from `symkb` to `command` (`["pack", "check"]`).
    static func commandPath(of command: any ParsableCommand.Type) -> [String] {
        func path(from parent: any ParsableCommand.Type) -> [String]? {
            for child in parent.configuration.subcommands {
                let name = child.configuration.commandName ?? ""
                if ObjectIdentifier(child) == ObjectIdentifier(command) { return [name] }
                if let rest = path(from: child) { return [name] + rest }
            }
            return nil
        }
        return path(from: Symkb.self) ?? []
    }

    /// For `symkb help nope` (ArgumentParser shows the root's help for a name it does not
    /// know, and succeeds): what is wrong, as a usage error says it; `nil` for any other command line.
    static func unknownHelpTopic(_ arguments: ArraySlice<String>) -> String? {
        guard arguments.first == "help" else { return nil }
        var parent: any ParsableCommand.Type = Symkb.self
        for word in arguments.dropFirst() where !word.hasPrefix("-") {
            let children = parent.configuration.subcommands
            guard let child = children.first(where: { $0._commandName == word }) else {
                // The near miss a misspelt command gets (``commandHint(_:)``).
                let names = children.map { $0._commandName }
                let near = names.first { isNearMiss(word.lowercased(), of: $0) }
                return "no command '\(word)' to show help for" + (near.map { " (did you mean '\($0)'?)" } ?? "")
                    + (names.isEmpty ? "" : "; commands: " + names.joined(separator: ", "))
            }
            parent = child
        }
        return nil
    }

    /// Whether an argument asks for help or the version, which load no packs.
    private static func asksForHelpOrVersion(_ argument: String) -> Bool {
        ["--help", "-h", "--version", "help", "--generate-completion-script"].contains(argument)
    }

    /// For `symkb 'symptoms of ms'` (a question given without a command): how to ask it.
    /// Only for words alone (no options, whose values cannot be told from words here): one
    /// argument that reads as a sentence, or several single words the first of which opens a
    /// question form (`symkb symptoms of ms`).
    static func questionHint(_ arguments: ArraySlice<String>) -> String? {
        guard let first = arguments.first, arguments.allSatisfy({ !$0.hasPrefix("-") }) else { return nil }
        let isQuestion = arguments.count == 1
            ? first.contains(" ") || first.hasSuffix("?")
            : arguments.allSatisfy({ !$0.contains(" ") })
                && QuestionForms.catalog.contains { form in
                    form.phrases.contains { phrase in
                        let phrase = phrase.lowercased(), word = first.lowercased()
                        return phrase == word || phrase.hasPrefix(word + " ")
                    }
                }
        guard isQuestion else { return nil }
        return "note: to ask a question, put 'query' before it: symkb query " + Self.shellQuoted(arguments.joined(separator: " "))
    }

    /// For a misspelt command (`symkb quer …`, `symkb -f json pack chek`): the command meant.
    /// The first word that names no subcommand of the command named so far is compared with
    /// that command's subcommands; only a near miss is named (one edit, two adjacent letters
    /// swapped, or two edits in a word of five letters or more), so that a question typed
    /// without `query` (`symkb can stress trigger pain`) is not taken for `rank`. Options are
    /// passed over, and so is the word after one (its value, `-f json`) unless it is, or nearly
    /// is, a command.
    static func commandHint(_ arguments: ArraySlice<String>) -> String? {
        var command: any ParsableCommand.Type = Self.self
        var path = ["symkb"]
        var mayBeValue = false
        for word in arguments {
            if word.hasPrefix("-") {
                mayBeValue = !word.contains("=")
                continue
            }
            let afterOption = mayBeValue
            mayBeValue = false
            guard !word.contains(" ") else { return nil }
            let names = command.configuration.subcommands.map { $0._commandName }
            if names.isEmpty { return nil }
            if let named = command.configuration.subcommands.first(where: { $0._commandName == word }) {
                command = named
                path.append(word)
                continue
            }
            let typed = word.lowercased()
            guard let meant = names.first(where: { isNearMiss(typed, of: $0) }) else {
                if afterOption { continue }
                return nil
            }
            let shown = path.joined(separator: " ")
            return "note: there is no command '\(shown) \(word)'; did you mean '\(shown) \(meant)'? (\(shown) --help lists them)"
        }
        return nil
    }

    /// Whether `typed` is `name` with one edit, two adjacent letters swapped, or — in a word of
    /// five letters or more — two edits.
    static func isNearMiss(_ typed: String, of name: String) -> Bool {
        let distance = Spelling.distance(typed, name)
        if distance <= 1 || (distance == 2 && typed.count >= 5) { return true }
        let (a, b) = (Array(typed), Array(name))
        guard a.count == b.count else { return false }
        let differing = a.indices.filter { a[$0] != b[$0] }
        return differing.count == 2 && differing[1] == differing[0] + 1
            && a[differing[0]] == b[differing[1]] && a[differing[1]] == b[differing[0]]
    }

    /// A word as a POSIX shell reads it back: in single quotes unless it is plain.
    private static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:=,+".contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Exits as ArgumentParser does for `error` (help and the version on standard output, with
    /// status 0; anything else on standard error, with its status), but with control characters
    /// written as `\u{…}`: a message that quotes an argument ("unknown format '…'") must not
    /// pass its escape sequences to the terminal.
    static func exit(escaping error: any Error, command: any ParsableCommand.Type = Symkb.self, hint: String? = nil) -> Never {
        let code = exitCode(for: error)
        let message = code == .success ? fullMessage(for: error) : errorMessage(for: error, command: command)
        if code == .success {
            if !message.isEmpty { Output.write(message + "\n") }
        } else if !message.isEmpty, let json = jsonFormatAsked(CommandLine.arguments.dropFirst()) {
            // A script that asked for JSON reads errors as JSON Lines, these too (the usage left out).
            let first = message.split(separator: "\n").first.map(String.init) ?? message
            let text = first.hasPrefix("error: ") ? String(first.dropFirst("error: ".count)) : first
            DiagnosticPrinter(format: json).error(.usage, text + (hint.map { "; " + $0 } ?? ""))
        } else if !message.isEmpty {
            Output.error(TerminalText.escaped(message, keepingNewlines: true))
            if code == .validationFailure, let hint { Output.error(TerminalText.escaped(hint)) }
        }
        Foundation.exit(code.rawValue)
    }

    /// `--format json` or `jsonl` among command-line `arguments` (before a `--`), as the output
    /// format asked for, read without parsing (the parse is what failed).
    static func jsonFormatAsked(_ arguments: some Sequence<String>) -> OutputFormat? {
        var previous = ""
        for argument in arguments {
            if argument == "--" { break }
            var value: String?
            if previous == "--format" || previous == "-f" { value = argument }
            if argument.hasPrefix("--format=") { value = String(argument.dropFirst("--format=".count)) }
            if let value, let format = OutputFormat(rawValue: value.lowercased()), format.isJSON { return format }
            previous = argument
        }
        return nil
    }

    /// ArgumentParser's message for a failure, led as symkb's own diagnostics are (`error: unknown
    /// option '--bogus'`, not `Error: Unknown option …`), then its usage lines as they are.
    ///
    /// An option every command shares is checked where `symkb` itself reads it, whose usage
    /// ArgumentParser then shows: the usage of `command`, the one the arguments name, is shown
    /// instead (`symkb query -f xml x` shows `symkb query`'s).
    private static func errorMessage(for error: any Error, command: any ParsableCommand.Type = Symkb.self) -> String {
        var full = fullMessage(for: error)
        let rootUsage = "\nUsage: " + usageString(for: Symkb.self)
        if ObjectIdentifier(command) != ObjectIdentifier(Symkb.self), let usage = full.range(of: rootUsage) {
            let name = (["symkb"] + commandPath(of: command)).joined(separator: " ")
            full = String(full[..<usage.lowerBound]) + "\nUsage: " + usageString(for: command)
                + "\n  See '\(name) --help' for more information."
        }
        let leader = "Error: "
        guard full.hasPrefix(leader) else { return full }
        let rest = full.dropFirst(leader.count)
        // The first letter lowered unless the word is a name in capitals ("HP" stays).
        let word = rest.prefix { !$0.isWhitespace }
        let lowered = word.count > 1 && word.dropFirst().allSatisfy { $0.isLowercase || !$0.isLetter }
            ? rest.prefix(1).lowercased() + rest.dropFirst() : String(rest)
        return "error: " + lowered
    }

    func run() throws {
        // A person at a terminal gets the shell, even on one that cannot be drawn on (TERM=dumb):
        // prompts and answers line by line, not a script read to its end.
        if isatty(0) == 1 {
            let session = try Session(options: options, cancellation: Interrupts.queryCancellation)
            let history = HistoryFile.location(environment: ProcessInfo.processInfo.environment)
            var repl = Repl(session: session, history: history)
            var status = repl.run()
            if !repl.session.finishOutput(), status == 0 { status = ExitStatus.queryFailed }
            if status != 0 { throw ExitCode(status) }
            return
        }
        let script = try readStandardInput(printer: DiagnosticPrinter(format: options.format))
        var session = try Session(options: options, confirmingLater: true)
        let exitCode = session.runScript(script, file: "<stdin>")
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}

/// The version of symkb.
enum SymkbVersion {
    static let current = "0.1.0"
}

extension ParsableCommand {
    /// The command `arguments` (without the program's name) name, found as the parser finds it, by
    /// following the words that name a subcommand from this one (up to a `--`; options and their
    /// values are stepped over) but without parsing: an option's value that happens to be a
    /// subcommand's name can only set the process up for another command (its heap tuned as that
    /// command's; a compile's child process, whose parent leaves Ctrl-C to it).
    static func command(namedBy arguments: ArraySlice<String>) -> any ParsableCommand.Type {
        var command: any ParsableCommand.Type = Self.self
        for word in arguments {
            if word == "--" { break }
            let named = command.configuration.subcommands.first {
                $0.configuration.commandName == word || $0.configuration.aliases.contains(word)
            }
            if let named { command = named }
        }
        return command
    }
}
