import ArgumentParser
import Foundation
import KnowledgePacks
import SymkbShell
import SymptomQuery

/// `symkb rank FINDING… | --phenopacket FILE|DIR`: a differential from findings or phenopackets.
struct RankCommand: ParsableCommand, LoadsPacks, AnswersQueries {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the diseases of a database from findings, or from GA4GH phenopackets.",
        discussion: """
            Findings are names or ids; write 'not X' for one that is absent. With --phenopacket, \
            the findings are a phenopacket's phenotypicFeatures (excluded ones as absent); a \
            folder ranks each of its *.json files in turn. --format phenopacket writes the \
            findings and the differential back as a phenopacket (v2 JSON).

            The same as the query 'rank A, B, not C using METHOD from DATABASE top N' (both \
            default to lr; resnik and graphic rank as hpo3 does). --why shows how each finding \
            matched, with its likelihood ratio under lr.

            Examples:
              symkb rank seizure ataxia 'not microcephaly'
              symkb rank --phenopacket patient.json --format phenopacket

            Not medical advice.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("Findings ('not X', or 'not' then X, when absent; quote a name of several words).", valueName: "finding"))
    var findings: [String] = []

    @Option(help: ArgumentHelp("Rank the phenotypic features of a phenopacket, or of each one in a folder (repeatable).", valueName: "FILE|DIR"))
    var phenopacket: [String] = []

    @Option(help: ArgumentHelp("Ranking method: \(RankingMethods.names.joined(separator: ", ")).", valueName: "method"))
    var using = "lr"

    @Option(name: .customLong("from"), help: "The disease database: OMIM, ORPHA or DECIPHER.")
    var database = "OMIM"

    // The next argument is the value even when it starts with a dash: `--top -1` is refused for
    // what it is, not as a missing value.
    @Option(parsing: .unconditional, help: "How many diseases to show (1 to 1000).")
    var top = 10

    func validate() throws {
        if findings.isEmpty && phenopacket.isEmpty {
            throw ValidationError("give findings or --phenopacket FILE, e.g. symkb rank seizure 'not microcephaly'")
        }
        guard RankingMethods.named(using) != nil else {
            throw ValidationError("unknown ranking method '\(using)'; use " + RankingMethods.names.joined(separator: ", "))
        }
        guard (1...1000).contains(top) else { throw ValidationError("--top takes a number from 1 to 1000") }
        // One word, as the query's 'from' takes it: it becomes part of the query text.
        guard QueryParser.isOneWord(database) else {
            throw ValidationError("--from takes a database name (e.g. OMIM, ORPHA, DECIPHER), found '\(database)'")
        }
    }

    /// `rank "A", "B", not "C" using … from … top …` for findings named on the command line.
    func query(present: [String], absent: [String]) -> String {
        let items = present.map(Completer.quoted) + absent.map { "not " + Completer.quoted($0) }
        return "rank " + items.joined(separator: ", ") + " using \(using.lowercased()) from \(database.uppercased()) top \(top)"
    }

    func run() throws {
        var statements: [(statement: ScriptSplitter.Statement, file: String)] = []
        if !findings.isEmpty {
            let (present, absent) = InterviewConversation.presentAndAbsent(findings)
            if present.isEmpty { throw ValidationError("give at least one finding that is present") }
            statements.append((ScriptSplitter.Statement(text: query(present: present, absent: absent), line: 1), "<arguments>"))
        }
        // A phenopacket that cannot be read is reported and skipped; the others are ranked, and the
        // exit status says a file was bad (65).
        var unreadable = false
        var packets: [String: Phenopacket] = [:]
        var decoded: [(file: String, packet: Phenopacket, data: Data)] = []
        for path in phenopacket {
            guard let files = PhenopacketFile.paths(path) else {
                DiagnosticPrinter(format: options.format).error(.fileNotFound, "no phenopacket file or folder", file: path)
                throw ExitCode(ExitStatus.noInput)
            }
            if files.isEmpty {
                DiagnosticPrinter(format: options.format).error(.fileNotFound, "the folder holds no *.json phenopacket", file: path)
                unreadable = true
            }
            for file in files {
                let packet: Phenopacket
                guard let data = FileManager.default.contents(atPath: file) else {
                    DiagnosticPrinter(format: options.format).error(.fileUnreadable, "cannot read the phenopacket", file: file)
                    unreadable = true
                    continue
                }
                do {
                    packet = try Phenopacket.decode(data)
                } catch {
                    DiagnosticPrinter(format: options.format).print(.error(
                        .phenopacketInvalid, "not a phenopacket (JSON, schema v2): " + Self.describe(error),
                        at: Self.location(of: error, in: data, file: file)))
                    unreadable = true
                    continue
                }
                guard !packet.findings.present.isEmpty else {
                    DiagnosticPrinter(format: options.format).error(.phenopacketInvalid, "the phenopacket has no phenotypic feature that is present", file: file)
                    unreadable = true
                    continue
                }
                decoded.append((file, packet, data))
            }
        }
        var session = try Session(options: options, confirmingLater: true)
        try session.requireDatabase(database, for: "rank")
        // A feature whose term no loaded pack has (a newer release's, or a typo) is left out with a
        // warning where the file names it, and the others ranked: a real phenopacket should not
        // fail as a whole for one term.
        let graph = session.shell.queryEngine.graph
        for (file, packet, data) in decoded {
            func known(_ id: String) -> Bool {
                if case .none = graph.resolve(id) {
                    DiagnosticPrinter(format: options.format).print(.warning(
                        .unknownTerm, "'\(id)' names no term of the loaded packs: left out of the ranking",
                        at: Self.location(ofFeature: id, in: packet, data: data, file: file)))
                    return false
                }
                return true
            }
            let present = packet.findings.present.filter(known), absent = packet.findings.excluded.filter(known)
            guard !present.isEmpty else {
                DiagnosticPrinter(format: options.format).error(.phenopacketInvalid, "no phenotypic feature that is present names a loaded term", file: file)
                unreadable = true
                continue
            }
            statements.append((ScriptSplitter.Statement(text: query(present: present, absent: absent), line: 1), file))
            packets[file] = packet
        }
        let status = statements.isEmpty ? 0 : session.run(statements, phenopackets: packets)
        session.end(unreadable && status == 0 ? ExitStatus.dataError : status)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing '\(key.stringValue)' at " + path(context)
        case let DecodingError.typeMismatch(type, context):
            let expected = type == String.self ? "text" : type == Bool.self ? "true or false"
                : type is any ExpressibleByDictionaryLiteral.Type ? "an object"
                : type is any ExpressibleByArrayLiteral.Type ? "a list" : "a number"
            return "a value of the wrong type (expected \(expected)) at " + path(context)
        case let DecodingError.valueNotFound(_, context):
            return "a missing value at " + path(context)
        case let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty:
            return "a value that cannot be read at " + path(context)
        case DecodingError.dataCorrupted:
            return "the file is not valid JSON"
        default:
            return "\(error)"
        }
    }

    /// Where in the file the decoding went wrong: the value at the error's coding path, or where
    /// the JSON is malformed; the file's start when that cannot be told.
    /// Where the phenotypic feature of term `id` gives it (its `type.id`), as a decoding error is located.
    static func location(ofFeature id: String, in packet: Phenopacket, data: Data, file: String) -> SourceLocation {
        typealias Step = JSONLocations.Step
        let place = packet.phenotypicFeatures?.firstIndex { $0.type.id == id }
        let path: [any CodingKey] = place.map {
            [Step(stringValue: "phenotypicFeatures"), Step(intValue: $0), Step(stringValue: "type"), Step(stringValue: "id")]
        } ?? []
        return JSONLocations.location(of: path, in: String(decoding: data, as: UTF8.self), file: file)
            ?? SourceLocation(file: file, line: 1, column: 1)
    }

    static func location(of error: any Error, in data: Data, file: String) -> SourceLocation {
        let text = String(decoding: data, as: UTF8.self)
        let found: SourceLocation? = switch error {
        case let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty: JSONLocations.syntaxError(in: text, file: file)
        case let DecodingError.keyNotFound(_, context), let DecodingError.typeMismatch(_, context),
             let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context):
            JSONLocations.location(of: context.codingPath, in: text, file: file)
        default: nil
        }
        return found ?? SourceLocation(file: file, line: 1, column: 1)
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "the top level" : context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }
}
