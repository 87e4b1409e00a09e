import Foundation
import GraphExport
import SymptomGraph

/// Turns query outcomes into text in one of the ``OutputFormat``s.
///
/// The same renderer serves `symkb query`, `symkb run` and the REPL, so the same queries print the
/// same bytes whichever way they are asked.
public struct ResultRenderer: Sendable {
    /// The format.
    public var format: OutputFormat
    /// Whether to show the assertions, packs and sources behind every row.
    public var showsProvenance: Bool
    /// The graph the results refer to.
    public let graph: KnowledgeGraph

    /// The releases of the loaded resources by namespace prefix (`HP`: `2025-01-16`), which a
    /// phenopacket's `metaData.resources` record.
    public var resourceVersions: [String: String] = [:]

    /// The width of the terminal the table format prints to, whose rows it fits by wrapping its
    /// longest cells onto more lines; `nil` (a file, a pipe) for one line a row.
    public var width: Int?

    /// Creates a renderer.
    public init(format: OutputFormat, showsProvenance: Bool = false, graph: KnowledgeGraph) {
        self.format = format
        self.showsProvenance = showsProvenance
        self.graph = graph
    }

    /// One outcome's JSON document, pretty-printed: an element of the array ``jsonArray(_:)``
    /// makes (a script's run gathers its queries' and dot-commands' documents into one).
    public func jsonDocument(for outcome: QueryOutcome) -> String {
        JSONText.encode(documents.object(for: outcome), pretty: true)
    }

    /// A dot-command's output as a document of a run's JSON array: `{"command": …, "output": …}`,
    /// the output as the JSON the command printed (`.packs`: an array), or as a string when it
    /// printed text.
    public static func jsonDocument(command: String, output: String) -> String {
        let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let isJSON = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed])) != nil
        let value = isJSON ? trimmed.replacingOccurrences(of: "\n", with: "\n  ") : JSONText.encode(output, pretty: true)
        return "{\n  \"command\" : " + JSONText.encode(command, pretty: true) + ",\n  \"output\" : " + value + "\n}"
    }

    /// The pretty JSON array of documents made by ``jsonDocument(for:)`` and
    /// ``jsonDocument(command:output:)``, with a newline after it: byte for byte what encoding
    /// the documents as one array prints (each document's lines indented two spaces).
    public static func jsonArray(_ documents: [String]) -> String {
        guard !documents.isEmpty else { return "[]\n" }
        return "[\n" + documents.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: ",\n") + "\n]\n"
    }

    /// Renders a whole batch: for `json` one document (an array, one result per query), for the
    /// other formats each outcome in turn.
    public func render(batch outcomes: [QueryOutcome]) -> String { format.formatter.render(batch: outcomes, with: self) }

    /// Renders one outcome: its answer, or for JSON formats its error as an object.
    public func render(_ outcome: QueryOutcome) -> String {
        switch outcome.result {
        case let .success(result) where format == .phenopacket && outcome.phenopacket != nil:
            phenopacketLine(result, answering: outcome.phenopacket)
        case let .success(result) where format == .jsonl && outcome.input != nil:
            jsonLines(result, input: outcome.input)
        case let .success(result): format.formatter.render(result, with: self)
        case .failure: format.isJSON ? JSONText.encode(documents.object(for: outcome), pretty: false) + "\n" : ""
        }
    }

    var documents: JSONDocuments { JSONDocuments(graph: graph, showsProvenance: showsProvenance) }

    /// JSON Lines, one record per row; each says which input asked, when there is one (a folder
    /// of phenopackets ranked in one run).
    func jsonLines(_ result: QueryResult, input: String?) -> String {
        documents.lines(for: result).map { line in
            var line = line
            line.input = input
            return JSONText.encode(line, pretty: false) + "\n"
        }.joined()
    }

    /// A `rank` answer as one line of JSON: its phenopacket (empty for any other answer).
    func phenopacketLine(_ result: QueryResult, answering basis: Phenopacket?) -> String {
        guard let packet = phenopacket(result, answering: basis) else { return "" }
        return JSONText.encode(packet, pretty: false) + "\n"
    }

    private var cells: CellText { CellText(graph: graph) }

    /// The phenopacket of a `rank` answer (`nil` for any other): its findings, and its rows as
    /// interpretations in progress. The creation time is now, or `$SOURCE_DATE_EPOCH` when set
    /// (for reproducible output). A ranking of a phenopacket (`answering`) is written as that
    /// phenopacket — its id, subject and features as they were read — with the differential as
    /// its interpretations.
    public func phenopacket(_ result: QueryResult, answering basis: Phenopacket? = nil) -> Phenopacket? {
        guard result.form == "rank", let findings = result.rankedFindings else { return nil }
        let differential = result.rows.compactMap { row -> (disease: EntityID, summary: String)? in
            guard row.values.count >= 3, case let .entity(disease) = row.values[1] else { return nil }
            let method = result.ranking?.similarity ?? "resnik"
            var summary = "symkb rank using \(method)"
            if case let .integer(rank) = row.values[0] { summary += ", rank \(rank)" }
            if row.values.count == 4, case let .number(probability) = row.values[2] {
                summary += ", post-test probability " + CellText.number(probability)
            } else if case let .number(score) = row.values[2] {
                summary += ", score " + CellText.number(score)
            }
            return (disease, summary + " (not medical advice)")
        }
        var packet = Phenopacket.of(
            id: basis?.id ?? "symkb-" + String(UInt32(truncatingIfNeeded: result.query.stableHash), radix: 16),
            present: findings.present, excluded: findings.excluded, differential: differential, graph: graph,
            created: Phenopacket.now(), versions: resourceVersions)
        if let basis {
            packet.subject = basis.subject ?? packet.subject
            packet.phenotypicFeatures = basis.phenotypicFeatures ?? packet.phenotypicFeatures
            let resources = (basis.metaData?.resources ?? []) + (packet.metaData?.resources ?? [])
            var seen = Set<String>()
            packet.metaData?.resources = resources.filter { seen.insert($0.namespacePrefix).inserted }
        }
        return packet
    }

    /// The notes of a row several findings reach, each finding named (a ranking's row: one
    /// derivation per matched finding); `nil` when the row's summary says it.
    private func labelledNotes(of row: QueryResult.Row, in result: QueryResult) -> String? {
        let findings = result.rankedFindings.map { $0.present.count + $0.excluded.count } ?? 0
        // `conditions with A, B`: each finding's facts named, even when they read alike.
        let several = findings > 1 || (result.form == "conditions" && (row.derivations.first?.qualifyingAssertions.count ?? 0) > 1)
        return row.qualifiersByFinding(in: graph, eachDerivation: result.form == "rank", ofSeveral: several).map(cells.notes)
    }

    private func wantsProvenance(_ result: QueryResult) -> Bool { showsProvenance || result.showsEvidenceByDefault }

    /// "via Multiple sclerosis spasms" for a row reached through a symptom
    /// (``QueryResult/Row/symptomsThrough(form:in:)``).
    private func via(of row: QueryResult.Row, in result: QueryResult) -> String? {
        row.symptomsThrough(form: result.form, in: graph).map { through in
            "via " + through.map { CellText.clean(graph[$0].label) }.joined(separator: ", ")
        }
    }

    /// "ranked using resnik against OMIM" for a ranking (which method and database made the
    /// order: `rank` and `symkb rank` may use different ones).
    static func method(of result: QueryResult) -> String? {
        result.ranking.map { "ranked using \($0.similarity) against \($0.database)" }
    }

    /// What a tree's or Markdown's last line says of the answer: its method and its disclaimer;
    /// `nil` without a disclaimer.
    static func footer(of result: QueryResult) -> String? {
        result.disclaimer.map { disclaimer in (method(of: result).map { $0 + "; " } ?? "") + disclaimer }
    }

    /// Header and text rows shared by table, Markdown and CSV.
    /// With `ids` (CSV), the columns are the same for every answer of a form: each column is
    /// followed by its `_id` column and `notes` is always there, empty where there is nothing to say.
    private func grid(_ result: QueryResult, ids: Bool) -> TextTable {
        // CSV keeps a label's line breaks in its quoted field; a table or Markdown row is one line.
        var cells = self.cells
        cells.keepsLineBreaks = ids
        // Rows share their qualifiers (a 698-row describe of an HPO term uses 106 sets): each set's
        // words are made once.
        var notesOf: [Qualifiers: String] = [:]
        let notes = result.rows.map { row in
            if let labelled = labelledNotes(of: row, in: result) { return labelled }
            let words: String
            if result.ranking == nil, let bySubject = row.qualifiersBySubject(in: graph) {
                // A disease's entries in two databases that say different things: each named.
                words = cells.notes(bySubject: bySubject)
            } else {
                let summary = row.summary(in: graph)
                words = notesOf[summary] ?? cells.notes(summary)
                notesOf[summary] = words
            }
            guard let via = via(of: row, in: result) else { return words }
            return words.isEmpty ? via : via + "; " + words
        }
        let showNotes = ids || notes.contains { !$0.isEmpty }
        var header: [String] = []
        for name in result.columns {
            header.append(name)
            if ids { header.append(name + "_id") }
        }
        if showNotes { header.append("notes") }
        // CSV's columns depend on the question and the flags only: `sources` comes with --why.
        let provenance = ids ? showsProvenance : wantsProvenance(result)
        if provenance { header.append("sources") }
        var rows: [[String]] = []
        let allowance = EvidenceAllowance()
        // Without id columns, entities of one name in a column are told apart by their ids.
        let texts = ids ? result.rows.map { row in row.values.map { cells.text($0) } } : shownTexts(of: result)
        for (index, row) in result.rows.enumerated() {
            var line: [String] = []
            for (column, value) in row.values.enumerated() {
                line.append(texts[index][column])
                if ids, header.count > line.count, header[line.count].hasSuffix("_id") {
                    if case let .entity(entity) = value { line.append(graph[entity].id) } else { line.append("") }
                }
            }
            if showNotes { line.append(notes[index]) }
            if provenance {
                let shown = allowance.allowed(row.derivations)
                let evidence = Derivation.distinctAssertions(of: shown)
                line.append(shown.count < row.derivations.count && evidence.isEmpty ? "(too long to show)" : cells.sources(evidence))
            }
            rows.append(line)
        }
        return TextTable(header: header, rows: rows)
    }

    /// The synonyms of an entity, each but an exact one without a type followed by what its
    /// source says it is ("Muscular spasticity (related)", "Tingling (layperson)"), separated
    /// by semicolons: a synonym may hold commas ("Stiffness, contraction, or spasm").
    /// The label itself, listed as a synonym to say it is the everyday word too ("Fever",
    /// EXACT layperson), is not repeated.
    static func synonymList(of entity: Entity) -> String {
        let forms = entity.synonymForms.count == entity.synonyms.count ? entity.synonymForms : []
        let label = entity.label.lowercased()
        return entity.synonyms.enumerated().compactMap { index, synonym -> String? in
            guard synonym.lowercased() != label else { return nil }
            guard index < forms.count else { return synonym }
            let form = forms[index]
            let notes = (form.scope == .exact ? [] : [form.scope.rawValue.lowercased()]) + (form.type.map { [$0] } ?? [])
            return notes.isEmpty ? synonym : synonym + " (" + notes.joined(separator: ", ") + ")"
        }.joined(separator: "; ")
    }

    /// Each row's cells as shown (each made once: a label read from a snapshot's records, then
    /// escaped), an entity's name followed by its id where the column shows another entity of
    /// that name (an OMIM and an ORPHA disease): "Tremor (HP:0001337)".
    private func shownTexts(of result: QueryResult) -> [[String]] {
        var texts = result.rows.map { row in row.values.map { cells.text($0) } }
        let shared = sharedNames(in: result, texts: texts)
        guard shared.contains(where: { !$0.isEmpty }) else { return texts }
        for (index, row) in result.rows.enumerated() {
            for (column, value) in row.values.enumerated() where column < shared.count && shared[column].contains(texts[index][column]) {
                if case let .entity(entity) = value { texts[index][column] += " (" + CellText.clean(graph[entity].id) + ")" }
            }
        }
        return texts
    }

    /// For each column, the names shown for more than one entity in it (`texts`: each row's cells).
    private func sharedNames(in result: QueryResult, texts: [[String]]) -> [Set<String>] {
        var entitiesByName = [[String: EntityID]](repeating: [:], count: result.columns.count)
        var shared = [Set<String>](repeating: [], count: result.columns.count)
        for (index, row) in result.rows.enumerated() {
            for (column, value) in row.values.enumerated() where column < shared.count {
                guard case let .entity(entity) = value else { continue }
                let text = texts[index][column]
                // Room made once for a column of entities (growing it took a third of the time).
                if entitiesByName[column].isEmpty { entitiesByName[column].reserveCapacity(result.rows.count - index) }
                if let seen = entitiesByName[column].updateValue(entity, forKey: text), seen != entity { shared[column].insert(text) }
            }
        }
        return shared
    }

    private func card(_ result: QueryResult) -> [String] {
        guard let subject = result.subject else { return [] }
        let entity = graph[subject]
        let members = graph.members(of: subject)
        var lines = ["\(CellText.clean(entity.label))  (\(entity.id), \(entity.kind), from \(entity.pack))"]
        if let definition = entity.definition { lines.append("  " + CellText.clean(definition)) }
        let also = Self.synonymList(of: entity)
        if !also.isEmpty { lines.append("  also: " + CellText.clean(also)) }
        let identifiers = CardIdentifiers(of: subject, in: graph)
        for (title, ids) in [("alternative ids", identifiers.altIDs), ("replaces obsolete", identifiers.replaced), ("xrefs", identifiers.xrefs)]
        where !ids.isEmpty {
            lines.append("  \(title): " + CellText.clean(ids.joined(separator: ", ")))
        }
        if !entity.mappings.isEmpty {
            lines.append("  mappings: " + CellText.clean(entity.mappings.map { "\($0.predicate.skos) \($0.target)" }.joined(separator: ", ")))
        }
        if members.count > 1 {
            lines.append("  one concept in \(members.count) packs: "
                         + CellText.clean(members.map { "\($0.pack) (\($0.id), \($0.kind))" }.joined(separator: ", ")))
        }
        return lines + [""]
    }

    /// The answer's notes, a line each ("note: …").
    private static func noteLines(_ result: QueryResult) -> [String] {
        result.notes.map { "note: " + CellText.clean($0) }
    }

    func table(_ result: QueryResult) -> String {
        var lines = card(result)
        if let answer = sentence(result, indent: "  ") { return (lines + answer + Self.noteLines(result)).joined(separator: "\n") }
        if let message = result.message, !result.rows.isEmpty { lines.append(CellText.clean(message)) }
        if result.rows.isEmpty {
            lines.append(CellText.clean(result.message ?? "(no answers)"))
            return (lines + Self.noteLines(result)).joined(separator: "\n")
        }
        // Notes say how the question was read ("these are the conditions that have it"): above
        // the rows, where they are read first, not under thousands of them.
        lines += Self.noteLines(result)
        lines.append(grid(result, ids: false).aligned(fitting: width))
        // A partial answer says so under its rows too: the message above has scrolled away.
        lines.append("(\(result.rows.count) \(result.rows.count == 1 ? "answer" : "answers")\(result.isPartial ? ", partial" : "")"
                     + "\(Self.method(of: result).map { ", " + $0 } ?? "")"
                     + "\(result.disclaimer.map { "; " + $0 } ?? ""))")
        // A result that shows its evidence by default (explain rank) also lists how its findings matched.
        if showsProvenance || (result.showsEvidenceByDefault && result.rows.contains { !$0.matches.isEmpty }) {
            lines += evidenceSection(result)
        }
        return lines.joined(separator: "\n")
    }

    /// A yes/no answer as a sentence with its evidence under it, each chain a list item (`nil` for
    /// other results). The message spells out the first chain: where the chains are listed, the
    /// answer stands alone above them ("yes, because:"), so that no chain is printed twice.
    /// `continuation` starts each later step of a chain: aligned text in a table, a nested list
    /// item in Markdown (where an indented line would run into the item before it).
    private func sentence(_ result: QueryResult, indent: String, continuation: String = "  ") -> [String]? {
        guard let answer = result.answer, result.form != "why" else { return nil }
        guard result.rows.contains(where: { !$0.derivations.isEmpty }) else { return [CellText.clean(result.message ?? answer)] }
        let certainty = answer == "yes" ? result.rows.first?.summary(in: graph).certainty.map { " (\($0.rawValue))" } ?? "" : ""
        var lines = [CellText.clean(answer + certainty + ", because:")]
        let allowance = EvidenceAllowance()
        for row in result.rows {
            for derivation in allowance.allowed(Array(row.derivations.prefix(4))) {
                for (step, assertion) in derivation.enumerated() {
                    lines.append(indent + (step == 0 ? "- " : continuation) + cells.explanation(assertion))
                }
            }
        }
        if let note = allowance.note { lines.append(indent + "(\(note))") }
        return lines
    }

    /// The entity a row is about (a ranking's disease): its first entity value.
    private static func entity(in row: QueryResult.Row) -> EntityID? {
        row.values.lazy.compactMap { if case let .entity(entity) = $0 { entity } else { nil } }.first
    }

    /// How each finding of a ranking's row matched, then its conflicts: one line each (the
    /// evidence of a table, a tree and Markdown).
    private func matchLines(of row: QueryResult.Row) -> [String] {
        let disease = Self.entity(in: row)
        return row.matches.map { cells.match($0, of: disease) } + row.conflicts.map { "conflict: " + CellText.clean(graph[$0].label) }
    }

    private func evidenceSection(_ result: QueryResult) -> [String] {
        var lines = ["", "evidence:"]
        let allowance = EvidenceAllowance()
        for row in result.rows {
            lines.append("  " + row.values.map { cells.text($0) }.joined(separator: " | "))
            lines += matchLines(of: row).map { "    - " + $0 }
            if !row.matches.isEmpty { continue }
            for derivation in allowance.allowed(row.derivations) {
                for (step, assertion) in derivation.enumerated() {
                    lines.append("    " + (step == 0 ? "- " : "  ") + cells.explanation(assertion))
                }
            }
        }
        if let note = allowance.note { lines.append("  (\(note))") }
        return lines
    }

    func tree(_ result: QueryResult) -> String {
        var lines = card(result)
        let allowance = EvidenceAllowance()
        lines.append(CellText.clean(result.query))
        // No answers, or a yes/no answer without evidence ("not known"): the message says why.
        if result.rows.isEmpty || (result.answer != nil && !result.rows.contains { !$0.derivations.isEmpty }) {
            lines.append("└─ " + (CellText.clean(result.message ?? result.answer ?? "(no answers)")))
            return (lines + Self.noteLines(result)).joined(separator: "\n") + "\n"
        }
        let texts = shownTexts(of: result)
        for (index, row) in result.rows.enumerated() {
            let isLast = index == result.rows.count - 1
            var head = texts[index].joined(separator: " · ")
            let notes = labelledNotes(of: row, in: result) ?? cells.notes(row.summary(in: graph))
            if !notes.isEmpty { head += "  (\(notes))" }
            lines.append((isLast ? "└─ " : "├─ ") + head)
            let indent = isLast ? "   " : "│  "
            let explanations = row.matches.isEmpty ? allowance.allowed(row.derivations).flatMap { $0 }.map { cells.explanation($0) }
                : matchLines(of: row)
            var seen = Set<String>()
            let unique = explanations.filter { seen.insert($0).inserted }
            for (position, line) in unique.enumerated() {
                lines.append(indent + (position == unique.count - 1 ? "└─ " : "├─ ") + line)
            }
        }
        if let note = allowance.note { lines.append("(\(note))") }
        if let footer = Self.footer(of: result) { lines.append("(\(footer))") }
        return (lines + Self.noteLines(result)).joined(separator: "\n") + "\n"
    }

    /// Each answer under a heading that is its question, so that a script's answers read as one
    /// report; a yes/no answer as a sentence with its evidence listed.
    func markdown(_ result: QueryResult) -> String {
        var lines = ["### " + MarkdownText.escaped(CellText.clean(result.query)), ""]
        lines += card(result).map { $0.isEmpty ? $0 : "> " + $0.trimmingCharacters(in: .whitespaces) }
        let notes = result.notes.isEmpty ? [] : [""] + result.notes.map { "_Note: " + MarkdownText.escaped(CellText.clean($0)) + "_" }
        if let answer = sentence(result, indent: "", continuation: "  - ") {
            return (lines + answer.map(MarkdownText.escaped) + notes).joined(separator: "\n") + "\n"
        }
        if result.rows.isEmpty {
            lines.append("_\(CellText.clean(result.message ?? "no answers"))_")
            return (lines + notes).joined(separator: "\n") + "\n"
        }
        lines.append(grid(result, ids: false).markdown())
        // A ranking's evidence (--why, explain rank): how each finding matched, row by row, as the
        // table's evidence section says it.
        if showsProvenance || result.showsEvidenceByDefault, result.rows.contains(where: { !$0.matches.isEmpty }) {
            lines += ["", "How each finding matched:", ""]
            for row in result.rows {
                lines.append("- " + MarkdownText.escaped(row.values.map { cells.text($0) }.joined(separator: " · ")))
                lines += matchLines(of: row).map { "  - " + MarkdownText.escaped($0) }
            }
        }
        if let footer = Self.footer(of: result) {
            lines += ["", "_" + MarkdownText.escaped(footer.prefix(1).uppercased() + footer.dropFirst()) + "._"]
        }
        return (lines + notes).joined(separator: "\n") + "\n"
    }

    func csv(_ result: QueryResult) -> String {
        let grid = grid(result, ids: true)
        return ([grid.header] + grid.rows).map { $0.map(CSVField.spreadsheetSafe).joined(separator: ",") + "\r\n" }.joined()
    }
}
