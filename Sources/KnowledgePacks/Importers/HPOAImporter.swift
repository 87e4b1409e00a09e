import Foundation
import Synchronization
import SymptomGraph

/// Imports HPO annotations (`phenotype.hpoa`): every disease becomes an entity of kind `disease`
/// and every row an assertion from the disease to the HPO term, by aspect: P `has_symptom`,
/// I `has_inheritance`, C `has_course`, M `has_modifier`, H `has_history`.
///
/// Qualifier NOT makes the assertion negated. Frequency and onset become qualifiers; evidence,
/// sex and modifiers go to the context; references become the locator of the provenance.
/// Terms must already be in the graph (import the ontology first, in the same or a dependency pack).
///
/// Rows are scanned in `prepare`, beside the ontology's parsing, into numbers that name small
/// tables (diseases, term numbers, aspects, qualifier sets, references), each value made once
/// however many rows repeat it (rows come grouped by disease, and a row is compared with the
/// previous one by bytes first). Adding them then looks each term up by its number and interns a
/// qualifier set or reference when the first row that is kept uses it.
public enum HPOAImporter: PackImporter {
    public static let format = "hpoa"
    public static let summary = "HPO annotation file (phenotype.hpoa)"

    static let relationByAspect: [UInt8: String] = [
        UInt8(ascii: "P"): "has_symptom", UInt8(ascii: "I"): "has_inheritance", UInt8(ascii: "C"): "has_course",
        UInt8(ascii: "M"): "has_modifier", UInt8(ascii: "H"): "has_history",
    ]

    public static func prepare(_ file: ImportedFile) -> PreparedImport {
        // Read, checked as UTF-8 and scanned into compact rows beside the ontology's parsing;
        // adding them to the builder (which holds the terms they name) is then a few lookups a row.
        let scanned = Handoff(ScannedRows.scanning(file))
        return PreparedImport { builder in
            var rows = scanned.take()
            defer { scanned.keep(rows) }
            return add(&rows, from: file, to: &builder)
        }
    }

    /// The scanned rows, between the scan and the one call that adds them. The rows (9 MB for
    /// the HPO, one array) are freed once added, so that what a compile makes next reuses their
    /// memory; the tables they name (~10^4 strings) are kept, as a compile keeps everything a
    /// file parsed to until the process exits rather than free it value by value.
    private final class Handoff: Sendable {
        private let scanned: Mutex<Result<ScannedRows, Diagnostic>?>

        init(_ scanned: Result<ScannedRows, Diagnostic>) { self.scanned = Mutex(scanned) }

        func take() -> Result<ScannedRows, Diagnostic> {
            scanned.withLock { $0.take() } ?? .success(ScannedRows())
        }

        func keep(_ scanned: Result<ScannedRows, Diagnostic>) {
            self.scanned.withLock { $0 = scanned }
        }
    }

    /// Adds the rows (and empties them: ``Handoff``).
    private static func add(_ scanned: inout Result<ScannedRows, Diagnostic>, from file: ImportedFile, to builder: inout GraphBuilder) -> [Diagnostic] {
        // The vocabulary first: one clear error when the core pack is missing.
        guard builder.hasKind("disease") else {
            return [.error(.importNeedsCore, "the 'disease' kind is not declared; depend on the core pack", at: file.location)]
        }
        var relationOfAspect = [RelationID?](repeating: nil, count: 256)
        for (aspect, name) in relationByAspect {
            guard let id = builder.relationID(for: name) else {
                return [.error(.importNeedsCore, "the '\(name)' relation is not declared; depend on the core pack", at: file.location)]
            }
            relationOfAspect[Int(aspect)] = id
        }
        var rows: ScannedRows
        switch scanned {
        case let .success(scanned): rows = scanned
        case let .failure(diagnostic): return [diagnostic]
        }
        scanned = .success(ScannedRows())  // `rows` holds the only reference to the rows
        if rows.rows.isEmpty, !rows.diagnostics.hasErrors {
            rows.diagnostics.append(.warning(.hpoaNoRows, "the file holds no annotation rows: is it phenotype.hpoa?",
                                             at: SourceLocation(file: file.path, line: 1, column: 1)))
        }
        var state = ImportState(builder: builder, file: file, rows: rows, relationOfAspect: relationOfAspect)
        builder = GraphBuilder()  // the state owns the builder while rows are added
        state.builder.reserveAssertions(rows.rows.count)
        state.builder.reserveEntities(rows.diseases.count)
        state.builder.reserveTables(qualifiers: rows.qualifiers.count, provenances: rows.locators.count)
        for row in rows.rows { state.add(row) }
        builder = state.builder
        let diagnostics = rows.diagnostics + state.diagnostics + state.locatedRowWarnings() + state.rowSummaries
        rows.rows = []
        scanned = .success(rows)
        return diagnostics
    }

    /// A file's rows as numbers into a few small tables, scanned without a builder: the distinct
    /// diseases, term ids that are not `HP:` and seven digits, aspects, qualifier column sets (as
    /// ``Qualifiers``) and references, each made once however many rows repeat it.
    struct ScannedRows: Sendable {
        struct Row: Sendable {
            /// The disease (a place in ``diseases``): one per run of rows naming it.
            var disease: Int32
            /// The term's number (`HP:0001250` → 1250), or `-1 - i` for ``termTexts``[i].
            var term: Int32
            /// A place in ``aspects``.
            var aspect: Int32
            /// A place in ``qualifiers``.
            var qualifiers: Int32
            /// A place in ``locators``.
            var provenance: Int32
            var line: Int
        }

        var rows: [Row] = []
        var diseases: [(id: String, label: String)] = []
        var termTexts: [String] = []
        var aspects: [String] = []
        /// Each distinct set of qualifier columns, and why its frequency was left out, if it was.
        var qualifiers: [(qualifiers: Qualifiers, frequencyProblem: String?)] = []
        var locators: [String] = []
        /// The parser's findings.
        var diagnostics: [Diagnostic] = []

        /// The qualifier columns: the qualifier (2), and evidence to modifier (5 through 9), which
        /// lie side by side in a row, their tabs between them.
        private static let qualifierColumn = 2, qualifierRun = 5...9

        /// The rows of a file, read a block at a time; or why it cannot be read.
        static func scanning(_ file: ImportedFile, blockSize: Int = 1 << 20) -> Result<ScannedRows, Diagnostic> {
            var scanned = ScannedRows()
            var parser = HPOAParser(file: file.path)
            var aspectTable = ByteKeyTable(), qualifierTable = ByteKeyTable(), locatorTable = ByteKeyTable()
            // Rows come grouped by disease, and most repeat the previous row's aspect, qualifier
            // columns and reference: compared by bytes before anything is looked up. The previous
            // disease's id is kept (a disease's rows may span two blocks); the other columns are
            // slices of the block, forgotten when it ends (then looked up again).
            var previousDisease: [UInt8]?
            var previousAspectField: UnsafeBufferPointer<UInt8>?
            var previousAspect: Int32 = 0
            /// The qualifier columns of a row, joined (reused from row to row).
            var qualifierKey: [UInt8] = []
            var previousQualifierFields: (qualifier: UnsafeBufferPointer<UInt8>, run: UnsafeBufferPointer<UInt8>)?
            var previousQualifiers: Int32 = 0
            var previousReference: UnsafeBufferPointer<UInt8>?
            var previousLocator: Int32 = 0
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            scanned.rows.reserveCapacity(size / 120)
            let problem = file.forEachBlockOfLines(blockSize: blockSize) { block, linesBefore in
                previousAspectField = nil
                previousQualifierFields = nil
                previousReference = nil
                return parser.scan(lines: block, after: linesBefore) { row in
                    let idBytes = row.fields[0]
                    if previousDisease.map({ disease in !disease.withUnsafeBufferPointer { Self.same($0, idBytes) } }) ?? true {
                        scanned.diseases.append((row.text(0), row.text(1)))
                        previousDisease = Array(idBytes)
                    }
                    if previousAspectField.map({ !Self.same($0, row.fields[10]) }) ?? true {
                        previousAspect = aspectTable.number(of: row.fields[10]) { scanned.aspects.append(row.text(10)) }
                        previousAspectField = row.fields[10]
                    }
                    // Compared, and made a key of, as two slices: the qualifier, and the run of
                    // columns from evidence to modifier (a tab never lies inside a column).
                    let qualifier = row.fields[Self.qualifierColumn], run = row.fields.span(Self.qualifierRun)
                    if previousQualifierFields.map({ !Self.same($0.qualifier, qualifier) || !Self.same($0.run, run) }) ?? true {
                        qualifierKey.removeAll(keepingCapacity: true)
                        qualifierKey.append(contentsOf: qualifier)
                        qualifierKey.append(0x09)
                        qualifierKey.append(contentsOf: run)
                        previousQualifiers = qualifierKey.withUnsafeBufferPointer { key in
                            qualifierTable.number(of: key) { scanned.qualifiers.append(Self.qualifiers(row)) }
                        }
                        previousQualifierFields = (qualifier, run)
                    }
                    let reference = row.fields[4]
                    if previousReference.map({ !Self.same($0, reference) }) ?? true {
                        previousLocator = locatorTable.number(of: reference) { scanned.locators.append(row.text(4)) }
                        previousReference = reference
                    }
                    scanned.rows.append(Row(
                        disease: Int32(scanned.diseases.count - 1), term: scanned.term(row.fields[3]), aspect: previousAspect,
                        qualifiers: previousQualifiers, provenance: previousLocator, line: row.line))
                }
            }
            if let problem { return .failure(problem) }
            scanned.diagnostics = parser.diagnostics
            return .success(scanned)
        }

        /// "HP:" and seven digits (the canonical form) as its number; anything else as a text.
        private mutating func term(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
            if bytes.count == 10, bytes[0] == UInt8(ascii: "H"), bytes[1] == UInt8(ascii: "P"), bytes[2] == UInt8(ascii: ":"),
               bytes[3...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                return bytes[3...].reduce(0) { $0 * 10 + Int32($1 - 0x30) }
            }
            termTexts.append(String(decoding: bytes, as: UTF8.self))
            return -Int32(termTexts.count)
        }

        /// Whether two byte slices hold the same bytes (nine comparisons a row).
        @inline(__always)
        private static func same(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
            sameBytes(UnsafeRawBufferPointer(left), UnsafeRawBufferPointer(right))
        }

        /// A row's qualifiers. An impossible frequency is left out (the row is kept, the value is
        /// not trusted) and warned about when the qualifiers are first used.
        private static func qualifiers(_ row: HPOAParser.Row) -> (Qualifiers, String?) {
            var frequency = row.fields[7].isEmpty ? nil : row.text(7)
            let problem = frequency.flatMap(frequencyProblem)
            if problem != nil { frequency = nil }
            var context: [String] = []
            if !row.fields[5].isEmpty { context.append("evidence: " + row.text(5)) }
            if !row.fields[8].isEmpty { context.append("sex: " + row.text(8).lowercased()) }
            if !row.fields[9].isEmpty { context.append("modifiers: " + row.text(9).replacingOccurrences(of: ";", with: ", ")) }
            let qualifiers = Qualifiers(
                frequency: frequency, onset: row.fields[6].isEmpty ? nil : row.text(6),
                isNegated: row.isNegated, context: context.isEmpty ? nil : context.joined(separator: "; "))
            return (qualifiers, problem)
        }
    }

    /// Why a frequency cannot be: `5/0`, `7/5`, `150%`, a term that is not a frequency, or a
    /// value of no known form.
    static func frequencyProblem(_ text: String) -> String? {
        if text.hasPrefix("HP:") {
            return HPOFrequency.named(text) != nil ? nil
                : "unknown frequency term '\(text)': expected one of \(HPOFrequency.all.map(\.term).joined(separator: ", "))"
        }
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), (0...100).contains(value) else {
                return "impossible frequency '\(text)': a percentage is from 0% to 100%"
            }
            return nil
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let count = Int(parts[0]), let total = Int(parts[1]) {
            return total > 0 && count >= 0 && count <= total ? nil
                : "impossible frequency '\(text)': n/m needs 0 ≤ n ≤ m and m > 0"
        }
        return "unknown frequency '\(text)': expected an HPO frequency term, n/m or a percentage"
    }

    /// Adding scanned rows to the builder. Qualifiers and provenances are interned when a row
    /// first uses them (so the tables hold them in the order rows that are kept name them).
    struct ImportState {
        var builder: GraphBuilder
        let file: ImportedFile
        let scanned: ScannedRows
        /// The relation of each aspect (by its place in ``ScannedRows/aspects``).
        let relationOfAspect: [RelationID?]
        var diagnostics: [Diagnostic] = []
        /// Rows warned about, by kind: the first five of each are located, the rest counted in one
        /// summary (``rowSummaries``), so that a file with thousands of bad rows says how many.
        private var rowWarnings: [DiagnosticID: FindingCap] = [:]
        /// The located ones, with the field (column number) each is about.
        private var pendingWarnings: [(id: DiagnosticID, message: String, line: Int, field: Int)] = []
        static let locatedRows = 5
        /// HP term number → entity, built from the builder's entities.
        let termsByNumber: TermNumberIndex
        /// Each scanned disease's entity, once looked up or added.
        var diseaseEntities: [EntityID?]
        var diseaseErrors: [Diagnostic?]
        /// Each scanned qualifier set's and locator's index in the builder's tables, once interned.
        var qualifierIndex: [Int32]
        var provenanceIndex: [Int32]
        /// Each scanned qualifier set's frequency problem, apart: a row that read the set's tuple
        /// would copy its strings (~270,000 rows, a few thousand sets).
        let frequencyProblems: [String?]

        init(builder: GraphBuilder, file: ImportedFile, rows: ScannedRows, relationOfAspect byAspectLetter: [RelationID?]) {
            self.builder = builder
            self.file = file
            scanned = rows
            relationOfAspect = rows.aspects.map { aspect in aspect.utf8.first.flatMap { byAspectLetter[Int($0)] } }
            termsByNumber = builder.termNumberIndex(prefix: "HP:")
            diseaseEntities = Array(repeating: nil, count: rows.diseases.count)
            diseaseErrors = Array(repeating: nil, count: rows.diseases.count)
            qualifierIndex = Array(repeating: -1, count: rows.qualifiers.count)
            provenanceIndex = Array(repeating: -1, count: rows.locators.count)
            frequencyProblems = rows.qualifiers.map(\.frequencyProblem)
        }

        mutating func add(_ row: ScannedRows.Row) {
            guard let disease = disease(row) else { return }
            guard let term = term(row.term) else {
                let text = termText(row.term)
                warn(.unknownTerm, text.isEmpty ? "the hpo_id column is empty" : "unknown HPO term \(text)", at: row, field: 3)
                return
            }
            guard let relation = relationOfAspect[Int(row.aspect)] else {
                warn(.unknownAspect, "unknown aspect '\(scanned.aspects[Int(row.aspect)])'", at: row, field: 10)
                return
            }
            builder.addAssertion(
                subject: disease, relation: relation, object: term,
                qualifierIndex: qualifiers(row), provenanceIndex: provenance(row))
        }

        private mutating func disease(_ row: ScannedRows.Row) -> EntityID? {
            let number = Int(row.disease)
            if let known = diseaseEntities[number] { return known }
            let location = SourceLocation(file: file.path, line: row.line, column: 1)
            // A disease that could not be added is reported once, at its first row.
            if diseaseErrors[number] != nil { return nil }
            let (id, label) = scanned.diseases[number]
            if let existing = builder.entityID(for: id) {
                // A disease another pack (or an earlier row) defined takes the rows; anything else
                // (an ontology term, a symptom) does not become a disease.
                let kind = builder.kind(ofEntity: id)
                guard let kind, builder.kind(kind, isA: "condition") else {
                    let diagnostic = Diagnostic.error(.duplicateEntity,
                        "database_id '\(id)' names \(kind.map { "a \($0)" } ?? "not a condition") defined elsewhere, not a disease",
                        at: location)
                    diseaseErrors[number] = diagnostic
                    diagnostics.append(diagnostic)
                    return nil
                }
                diseaseEntities[number] = existing
                return existing
            }
            if label.isEmpty { warn(.diseaseName, "disease \(id) has no name (disease_name is empty): its id names it", at: row, field: 1) }
            do throws(GraphError) {
                diseaseEntities[number] = try builder.addEntityReturningID(
                    Entity(id: id, kind: "disease", label: label.isEmpty ? id : label, pack: file.pack))
            } catch {
                let diagnostic = Diagnostic.error(error.diagnosticID, error.description, at: location)
                diseaseErrors[number] = diagnostic
                diagnostics.append(diagnostic)
            }
            return diseaseEntities[number]
        }

        private func term(_ term: Int32) -> EntityID? {
            if term >= 0, let found = termsByNumber[Int(term)] { return found }
            let id = termText(term)
            return builder.entityID(for: id) ?? builder.entityID(forAlias: id)
        }

        /// A scanned term id as it was written.
        private func termText(_ term: Int32) -> String {
            guard term < 0 else {
                let digits = String(term)
                return "HP:" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
            }
            return scanned.termTexts[Int(-1 - term)]
        }

        private mutating func qualifiers(_ row: ScannedRows.Row) -> Int32 {
            let number = Int(row.qualifiers)
            // Every kept row with an impossible frequency counts (one set of qualifier columns may
            // serve hundreds of rows).
            if let problem = frequencyProblems[number] {
                warn(.invalidFrequency, problem + "; the frequency is left out", at: row, field: 7)
            }
            if qualifierIndex[number] >= 0 { return qualifierIndex[number] }
            qualifierIndex[number] = builder.internQualifiers(scanned.qualifiers[number].qualifiers)
            return qualifierIndex[number]
        }

        /// Warns about a field of a row: located for the first few of its kind, counted after.
        private mutating func warn(_ id: DiagnosticID, _ message: String, at row: ScannedRows.Row, field: Int) {
            if rowWarnings[id, default: FindingCap(limit: Self.locatedRows)].admits(at: SourceLocation(file: file.path, line: row.line, column: 1)) {
                pendingWarnings.append((id, message, row.line, field))
            }
        }

        /// The located row warnings, each at the column where its field starts: the rows are
        /// numbers by now, so the few lines warned about are read again from the file (only
        /// when there are any) for their columns, counted in Unicode scalars.
        func locatedRowWarnings() -> [Diagnostic] {
            guard !pendingWarnings.isEmpty else { return [] }
            var wanted: [Int: [Int]] = [:]  // line -> fields
            for warning in pendingWarnings { wanted[warning.line, default: []].append(warning.field) }
            var columns: [Int: [Int: Int]] = [:]  // line -> field -> column
            let last = wanted.keys.max() ?? 0
            var reached = 0
            // Read up to the last line wanted (a file that cannot be read again keeps column 1).
            _ = file.forEachBlockOfLines(until: { reached >= last }) { block, linesBefore in
                var number = linesBefore
                defer { reached = number }
                return TextDecoding.forEachLine(in: block) { line in
                    number += 1
                    guard number <= last, let fields = wanted[number] else { return }
                    for field in fields { columns[number, default: [:]][field] = HPOAParser.column(ofField: field, in: line) }
                }
            }
            return pendingWarnings.map { warning in
                .warning(warning.id, warning.message, at: SourceLocation(
                    file: file.path, line: warning.line, column: columns[warning.line]?[warning.field] ?? 1))
            }
        }

        /// How many rows of each kind were warned about beyond the located ones.
        var rowSummaries: [Diagnostic] {
            let kinds: [(DiagnosticID, String)] = [
                (.unknownTerm, "name HPO terms that are not loaded"), (.unknownAspect, "have an unknown aspect"),
                (.invalidFrequency, "have an impossible frequency, left out"), (.diseaseName, "name a disease without a name"),
            ]
            return kinds.compactMap { id, what in
                rowWarnings[id]?.summary(.warning, id, at: file.location) { "\($0) more row\($0 == 1 ? "" : "s") \(what)" }
            }
        }

        private mutating func provenance(_ row: ScannedRows.Row) -> Int32 {
            let number = Int(row.provenance)
            if provenanceIndex[number] >= 0 { return provenanceIndex[number] }
            // Each locator is scanned once, and names this file's pack and source: a new record.
            provenanceIndex[number] = builder.addProvenance(Provenance(pack: file.pack, source: file.source, locator: scanned.locators[number]))
            return provenanceIndex[number]
        }
    }
}
