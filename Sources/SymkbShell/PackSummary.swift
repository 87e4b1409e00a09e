import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// Text for `.packs`, `.stats` and `.limits`, and their JSON documents under `.mode json`/`jsonl`.
enum PackSummary {
    struct PackJSON: Encodable {
        var id: String
        var version: String
        var entities: Int
        var assertions: Int
        var origin: String
        var snapshot: Bool
        var title: String
    }

    struct StatisticsJSON: Encodable {
        var packs, entities, assertions, relationTypes, kinds, qualifierSets, provenances: Int
        var residentBytes: Int?
    }

    struct LimitsJSON: Encodable {
        var work, rows, clauses, nesting: Int
        var seconds: Double
    }

    /// A document as JSON: pretty for `json`, one line for `jsonl`.
    static func json(_ value: some Encodable, lines: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = lines ? [.sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func packs(_ knowledge: KnowledgeBase) -> [PackJSON] {
        let (entityCounts, assertionCounts) = counts(knowledge)
        return knowledge.packs.map { pack in
            PackJSON(id: pack.id, version: pack.manifest.version.description, entities: entityCounts[pack.id] ?? 0,
                     assertions: assertionCounts[pack.id] ?? 0, origin: pack.origin.description,
                     snapshot: knowledge.packsFromSnapshots.contains(pack.id), title: pack.manifest.title)
        }
    }

    static func statistics(json graph: KnowledgeGraph) -> StatisticsJSON {
        StatisticsJSON(packs: graph.packs.count, entities: graph.entities.count, assertions: graph.assertions.count,
                       relationTypes: graph.relations.count, kinds: graph.kinds.count, qualifierSets: graph.qualifierTable.count,
                       provenances: graph.provenanceTable.count, residentBytes: residentMemory())
    }

    private static func counts(_ knowledge: KnowledgeBase) -> ([String: Int], [String: Int]) {
        var entityCounts: [String: Int] = [:]
        for entity in knowledge.graph.entities { entityCounts[entity.pack, default: 0] += 1 }
        // Counted by provenance record first: each record is read once, not once per assertion.
        let provenances = knowledge.graph.provenanceTable
        var byProvenance = [Int](repeating: 0, count: provenances.count)
        for assertion in knowledge.graph.assertions { byProvenance[Int(assertion.provenanceIndex)] += 1 }
        var assertionCounts: [String: Int] = [:]
        for (index, count) in byProvenance.enumerated() where count > 0 {
            assertionCounts[provenances[index].pack, default: 0] += count
        }
        return (entityCounts, assertionCounts)
    }

    static func table(_ knowledge: KnowledgeBase) -> String {
        let header = ["id", "version", "entities", "assertions", "origin", "title"]
        let rows = packs(knowledge).map { pack in
            [pack.id, pack.version, String(pack.entities), String(pack.assertions),
             pack.origin + (pack.snapshot ? " (snapshot)" : ""), TerminalText.escaped(pack.title)]
        }
        if rows.isEmpty { return "(no packs loaded)" }
        return TextTable(header: header, rows: rows).alignedWithoutRule()
    }

    static func statistics(_ graph: KnowledgeGraph) -> String {
        var lines = [
            "packs           \(graph.packs.count)",
            "entities        \(graph.entities.count)",
            "assertions      \(graph.assertions.count)",
            "relation types  \(graph.relations.count)",
            "kinds           \(graph.kinds.count)",
            "qualifier sets  \(graph.qualifierTable.count)",
            "provenances     \(graph.provenanceTable.count)",
        ]
        if let resident = residentMemory() {
            lines.append(String(format: "memory          %.1f MB resident", Double(resident) / 1_048_576))
        }
        return lines.joined(separator: "\n")
    }

    /// Resident set size in bytes, from /proc (Linux); `nil` elsewhere.
    static func residentMemory() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
