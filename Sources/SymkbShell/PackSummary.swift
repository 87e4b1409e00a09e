import Foundation
import KnowledgePacks
import SymptomGraph
import SymptomQuery

/// Text for `.packs` and `.stats`.
enum PackSummary {
    static func table(_ knowledge: KnowledgeBase) -> String {
        var entityCounts: [String: Int] = [:]
        for entity in knowledge.graph.entities { entityCounts[entity.pack, default: 0] += 1 }
        var assertionCounts: [String: Int] = [:]
        for assertion in knowledge.graph.assertions {
            assertionCounts[knowledge.graph.provenanceTable[Int(assertion.provenanceIndex)].pack, default: 0] += 1
        }
        let header = ["id", "version", "entities", "assertions", "origin", "title"]
        let rows = knowledge.packs.map { pack in
            [pack.id, pack.manifest.version.description, String(entityCounts[pack.id] ?? 0),
             String(assertionCounts[pack.id] ?? 0),
             pack.origin.description + (knowledge.packsFromSnapshots.contains(pack.id) ? " (snapshot)" : ""),
             TerminalText.escaped(pack.manifest.title)]
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
