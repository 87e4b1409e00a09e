import Foundation
import SymptomGraph

/// Imports HPO annotations (`phenotype.hpoa`): every disease becomes an entity of kind `disease`
/// and every row an assertion from the disease to the HPO term, by aspect: P `has_symptom`,
/// I `has_inheritance`, C `has_course`, M `has_modifier`, H `has_history`.
///
/// Qualifier NOT makes the assertion negated. Frequency and onset become qualifiers; evidence,
/// sex and modifiers go to the context; references become the locator of the provenance.
/// Terms must already be in the graph (import the ontology first, in the same or a dependency pack).
///
/// Rows are read as byte slices and never become intermediate values: term ids are looked up by
/// their number, and disease, qualifier and provenance lookups are skipped when a row repeats the
/// previous row's bytes (rows come grouped by disease).
public enum HPOAImporter: PackImporter {
    public static let format = "hpoa"
    public static let summary = "HPO annotation file (phenotype.hpoa)"

    static let relationByAspect: [UInt8: String] = [
        UInt8(ascii: "P"): "has_symptom", UInt8(ascii: "I"): "has_inheritance", UInt8(ascii: "C"): "has_course",
        UInt8(ascii: "M"): "has_modifier", UInt8(ascii: "H"): "has_history",
    ]

    public static func prepare(_ file: ImportedFile) -> PreparedImport {
        // Read and checked as UTF-8 beside the ontology's parsing; the rows are scanned into the
        // builder, which holds the terms they name.
        let read = file.bytes()
        return PreparedImport { builder in add(read, from: file, to: &builder) }
    }

    private static func add(_ read: Result<[UInt8], Diagnostic>, from file: ImportedFile, to builder: inout GraphBuilder) -> [Diagnostic] {
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
        let bytes: [UInt8]
        switch read {
        case let .success(read): bytes = read
        case let .failure(diagnostic): return [diagnostic]
        }
        var state = ImportState(builder: builder, file: file, relationOfAspect: relationOfAspect)
        builder = GraphBuilder()  // the state owns the builder while rows stream in
        var parser = HPOAParser(file: file.path)
        state.builder.reserveAssertions(bytes.count / 120)
        parser.scan(bytes) { row in state.add(row) }
        builder = state.builder
        return parser.diagnostics + state.diagnostics
    }

    /// The mutable state of one import.
    struct ImportState {
        var builder: GraphBuilder
        let file: ImportedFile
        /// The relation of each aspect letter, by byte.
        let relationOfAspect: [RelationID?]
        var diagnostics: [Diagnostic] = []
        var unknownTerms = 0
        /// HP term number → entity, built from the builder's entities.
        let termsByNumber: TermNumberIndex
        var previousDisease: UnsafePointer<UInt8>?
        var previousDiseaseLength = 0
        var previousDiseaseID: EntityID?
        /// The previous row's qualifier columns and reference, as slices of the file's bytes (valid
        /// while the file is scanned, which is the only time they are read): most rows repeat them.
        var previousQualifierFields: [UnsafeBufferPointer<UInt8>] = []
        var previousQualifier: Int32 = 0
        var qualifierCache = ByteKeyTable()
        /// The qualifier columns of a row, joined (reused from row to row).
        var qualifierKey: [UInt8] = []
        var previousReference: UnsafeBufferPointer<UInt8>?
        var previousProvenance: Int32 = 0
        var provenanceCache = ByteKeyTable()

        init(builder: GraphBuilder, file: ImportedFile, relationOfAspect: [RelationID?]) {
            self.builder = builder
            self.file = file
            self.relationOfAspect = relationOfAspect
            termsByNumber = builder.termNumberIndex(prefix: "HP:")
        }

        mutating func add(_ row: HPOAParser.Row) {
            guard let disease = disease(row) else { return }
            guard let term = term(row.fields[3]) else {
                unknownTerms += 1
                if unknownTerms <= 5 {
                    diagnostics.append(.warning(.unknownTerm, "unknown HPO term \(row.text(3))",
                                                at: SourceLocation(file: file.path, line: row.line, column: 1)))
                } else if unknownTerms == 6 {
                    diagnostics.append(.warning(.unknownTerm, "more rows name HPO terms that are not loaded", at: file.location))
                }
                return
            }
            guard let aspect = row.fields[10].first, let relation = relationOfAspect[Int(aspect)] else {
                diagnostics.append(.warning(.unknownAspect, "unknown aspect '\(row.text(10))'",
                                            at: SourceLocation(file: file.path, line: row.line, column: 1)))
                return
            }
            builder.addAssertion(
                subject: disease, relation: relation, object: term,
                qualifierIndex: qualifiers(row), provenanceIndex: provenance(row))
        }

        private mutating func disease(_ row: HPOAParser.Row) -> EntityID? {
            let idBytes = row.fields[0]
            if let previous = previousDiseaseID, Self.same(UnsafeBufferPointer(start: previousDisease, count: previousDiseaseLength), idBytes) {
                return previous
            }
            let id = row.text(0)
            if let existing = builder.entityID(for: id) {
                (previousDisease, previousDiseaseLength) = (idBytes.baseAddress, idBytes.count)
                previousDiseaseID = existing
                return existing
            }
            do throws(GraphError) {
                try builder.addEntity(Entity(id: id, kind: "disease", label: row.text(1), pack: file.pack))
            } catch {
                diagnostics.append(.error(error.diagnosticID, error.description, at: SourceLocation(file: file.path, line: row.line, column: 1)))
                return nil
            }
            (previousDisease, previousDiseaseLength) = (idBytes.baseAddress, idBytes.count)
            previousDiseaseID = builder.entityID(for: id)
            return previousDiseaseID
        }

        private func term(_ bytes: UnsafeBufferPointer<UInt8>) -> EntityID? {
            // "HP:" and seven digits (the canonical form): look the number up; anything else by its text.
            if bytes.count == 10, bytes[0] == UInt8(ascii: "H"), bytes[1] == UInt8(ascii: "P"), bytes[2] == UInt8(ascii: ":"),
               bytes[3...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                let number = bytes[3...].reduce(0) { $0 * 10 + Int($1 - 0x30) }
                if let found = termsByNumber[number] { return found }
            }
            let id = String(decoding: bytes, as: UTF8.self)
            return builder.entityID(for: id) ?? builder.entityID(forAlias: id)
        }

        private static let qualifierColumns = [2, 5, 6, 7, 8, 9]

        /// Why a frequency cannot be: `5/0`, `7/5`, `150%`, or a value of no known form.
        static func frequencyProblem(_ text: String) -> String? {
            if text.hasPrefix("HP:") { return nil }
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

        /// Whether two byte slices hold the same bytes.
        private static func same(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
            guard left.count == right.count else { return false }
            guard let a = left.baseAddress, let b = right.baseAddress else { return true }
            return memcmp(a, b, left.count) == 0
        }

        private mutating func qualifiers(_ row: HPOAParser.Row) -> Int32 {
            // Columns qualifier, evidence, onset, frequency, sex, modifier: as the previous row's?
            if previousQualifierFields.count == Self.qualifierColumns.count,
               zip(Self.qualifierColumns, previousQualifierFields).allSatisfy({ Self.same(row.fields[$0], $1) }) {
                return previousQualifier
            }
            qualifierKey.removeAll(keepingCapacity: true)
            for column in Self.qualifierColumns {
                qualifierKey.append(contentsOf: row.fields[column])
                qualifierKey.append(0x09)
            }
            let cached = qualifierKey.withUnsafeBufferPointer { qualifierCache.value(for: $0) }
            let index: Int32
            if let cached {
                index = cached
            } else {
                // An impossible frequency is warned about (once per distinct set of qualifier
                // columns) and dropped: the row is kept, the value is not trusted.
                var frequency = row.fields[7].isEmpty ? nil : row.text(7)
                if let value = frequency, let problem = Self.frequencyProblem(value) {
                    diagnostics.append(.warning(.invalidFrequency, problem + "; the frequency is left out",
                                                at: SourceLocation(file: file.path, line: row.line, column: 1)))
                    frequency = nil
                }
                var context: [String] = []
                if !row.fields[5].isEmpty { context.append("evidence: " + row.text(5)) }
                if !row.fields[8].isEmpty { context.append("sex: " + row.text(8).lowercased()) }
                if !row.fields[9].isEmpty { context.append("modifiers: " + row.text(9).replacingOccurrences(of: ";", with: ", ")) }
                let qualifiers = Qualifiers(
                    frequency: frequency, onset: row.fields[6].isEmpty ? nil : row.text(6),
                    isNegated: row.isNegated, context: context.isEmpty ? nil : context.joined(separator: "; "))
                index = builder.internQualifiers(qualifiers)
                qualifierKey.withUnsafeBufferPointer { qualifierCache.insert($0, value: index) }
            }
            previousQualifierFields.removeAll(keepingCapacity: true)
            for column in Self.qualifierColumns { previousQualifierFields.append(row.fields[column]) }
            previousQualifier = index
            return index
        }

        private mutating func provenance(_ row: HPOAParser.Row) -> Int32 {
            let reference = row.fields[4]
            if let previous = previousReference, Self.same(previous, reference) { return previousProvenance }
            let index: Int32
            if let cached = provenanceCache.value(for: reference) {
                index = cached
            } else {
                index = builder.internProvenance(Provenance(pack: file.pack, source: file.source, locator: row.text(4)))
                provenanceCache.insert(reference, value: index)
            }
            previousReference = reference
            previousProvenance = index
            return index
        }
    }
}
