import SymptomGraph

/// Biolink KGX TSV: `nodes.tsv` and `edges.tsv`, as the KGX format documents
/// (https://github.com/biolink/kgx/blob/master/specification/kgx-format.md): multi-valued fields
/// separated by `|`, Biolink categories and predicates, qualifiers and knowledge sources per edge.
struct KGXFormat: ExportFormat {
    let name = "kgx"
    let summary = "Biolink KGX TSV (nodes.tsv, edges.tsv)"
    let files = ["nodes.tsv", "edges.tsv"]

    static let nodeColumns = ["id", "category", "name", "description", "synonym", "xref", "same_as", "provided_by"]
    static let edgeColumns = [
        "id", "subject", "predicate", "object", "category", "negated", "frequency_qualifier", "has_count", "has_total",
        "has_percentage", "onset_qualifier", "primary_knowledge_source", "knowledge_level", "agent_type", "publications", "original_predicate",
        "certainty", "severity", "context", "locator",
    ]

    func write(_ scope: ExportScope, file: String, to out: inout some TextOutputStream) throws(ExportError) {
        func row(_ fields: [String]) { out.write(fields.map(Self.field).joined(separator: "\t") + "\n") }
        if file == "nodes.tsv" {
            row(Self.nodeColumns)
            for node in scope.nodes {
                let entity = node.entity
                // Another pack's entity that the scope's assertions point to: its label and kind only.
                row([entity.id, Self.list(scope.categories(of: node)), entity.label, node.isReference ? "" : entity.definition ?? "",
                     node.isReference ? "" : Self.list(entity.synonyms), node.isReference ? "" : Self.list(entity.xrefs),
                     Self.list(node.sameAs), Self.list(node.packs.map { Self.infores($0) })])
            }
            return
        }
        row(Self.edgeColumns)
        scope.forEachEdge { edge in
            let (relation, qualifiers, provenance) = (edge.relation, edge.qualifiers, edge.provenance)
            let original = relation.relationOntologyID ?? "symkb:" + relation.name
            // A row's references (`PMID:1;PMID:2`) are a KGX list.
            let publication = (provenance.locator ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter(Self.isPublication).joined(separator: "|")
            let frequency = Self.frequency(qualifiers.frequency)
            row(["symkb:a\(edge.assertion.index)", edge.subject, relation.biolinkID ?? "biolink:related_to", edge.object,
                 "biolink:Association", qualifiers.statesAbsence ? "True" : "False",
                 frequency.term, frequency.count, frequency.total, frequency.percentage, qualifiers.onset ?? "",
                 Self.infores(provenance.pack, source: provenance.source), "knowledge_assertion", Self.agentType(qualifiers.context),
                 publication, original, qualifiers.certainty?.rawValue ?? "", qualifiers.severity ?? "", qualifiers.context ?? "",
                 provenance.locator ?? ""])
        }
    }

    /// Biolink's `agent_type` of an edge: `automated_agent` for an annotation inferred from
    /// electronic annotation (evidence code IEA, as the HPO annotations' context says it),
    /// `manual_agent` for the others (curated: TAS, PCS, and every curated pack's facts).
    static func agentType(_ context: String?) -> String {
        guard let context else { return "manual_agent" }
        let parts = context.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        return parts.contains("evidence: IEA") ? "automated_agent" : "manual_agent"
    }

    /// A frequency as Biolink's fields: an HPO frequency term is the `frequency_qualifier`; `n/m`
    /// is `has_count` and `has_total`, `p%` is `has_percentage` (Biolink's `FrequencyQuantifier`);
    /// other text stays in `frequency_qualifier`.
    static func frequency(_ text: String?) -> (term: String, count: String, total: String, percentage: String) {
        guard let text else { return ("", "", "", "") }
        if text.hasSuffix("%"), Double(text.dropLast()) != nil { return ("", "", "", String(text.dropLast())) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, Int(parts[0]) != nil, Int(parts[1]) != nil { return ("", String(parts[0]), String(parts[1]), "") }
        return (text, "", "", "")
    }

    /// A multi-valued field: values joined by `|`, a `|` inside a value (which KGX cannot escape)
    /// written as `,`.
    static func list(_ values: [String]) -> String {
        values.map { $0.replacingOccurrences(of: "|", with: ",") }.joined(separator: "|")
    }

    /// An information-resource CURIE for a pack (`infores:symkb-ms`), or for a source of a pack
    /// (`infores:symkb-ms.article`: a source id is its pack's own, and pack ids have no dot).
    static func infores(_ pack: String, source: String = "") -> String { "infores:symkb-" + pack + (source.isEmpty ? "" : "." + source) }

    static func isPublication(_ locator: String) -> Bool {
        ["PMID:", "OMIM:", "ORPHA:", "DOI:", "ISBN:", "http"].contains { locator.hasPrefix($0) }
    }

    /// A TSV field: tabs and line breaks become spaces (TSV has no quoting).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text }
        return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}

/// Neo4j `neo4j-admin database import` CSV: `nodes.csv` and `relationships.csv` with typed
/// headers (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`), arrays `;`-separated.
struct Neo4jFormat: ExportFormat {
    let name = "neo4j"
    let summary = "Neo4j admin-import CSV (nodes.csv, relationships.csv)"
    let files = ["nodes.csv", "relationships.csv"]

    static let nodeHeader = ["id:ID", "name", "kind", "description", "synonyms:string[]", "xrefs:string[]", "pack:string[]", ":LABEL"]
    static let edgeHeader = [
        ":START_ID", ":END_ID", ":TYPE", "relation", "negated:boolean", "certainty", "frequency", "severity", "onset", "context",
        "pack", "source", "locator",
    ]

    func write(_ scope: ExportScope, file: String, to out: inout some TextOutputStream) throws(ExportError) {
        func row(_ fields: [String]) { out.write(fields.map { CSVField.quoted($0) }.joined(separator: ",") + "\n") }
        if file == "nodes.csv" {
            row(Self.nodeHeader)
            for node in scope.nodes {
                let labels = ["Entity"] + scope.kindChain(of: node).map(Self.label)
                let entity = node.entity
                row([entity.id, entity.label, entity.kind, node.isReference ? "" : entity.definition ?? "",
                     Self.array(node.isReference ? [] : entity.synonyms),
                     Self.array(node.isReference ? [] : node.identifiers), node.packs.joined(separator: ";"), labels.joined(separator: ";")])
            }
            return
        }
        row(Self.edgeHeader)
        scope.forEachEdge { edge in
            let (relation, qualifiers, provenance) = (edge.relation, edge.qualifiers, edge.provenance)
            row([edge.subject, edge.object, relation.name.uppercased(), relation.name,
                 qualifiers.statesAbsence ? "true" : "false", qualifiers.certainty?.rawValue ?? "", qualifiers.frequency ?? "",
                 qualifiers.severity ?? "", qualifiers.onset ?? "", qualifiers.context ?? "", provenance.pack, provenance.source,
                 provenance.locator ?? ""])
        }
    }

    /// A Neo4j label from a kind name: `body-site` → `BodySite`.
    static func label(_ kind: String) -> String {
        kind.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A `;`-separated array; a `;` inside an element (which neo4j-admin cannot escape) becomes `,`.
    static func array(_ values: [String]) -> String {
        values.map { $0.replacingOccurrences(of: ";", with: ",") }.joined(separator: ";")
    }
}

/// Plain CSV for spreadsheets: `entities.csv` and `assertions.csv`, one row per entity and per assertion.
struct CSVExportFormat: ExportFormat {
    let name = "csv"
    let summary = "CSV for spreadsheets (entities.csv, assertions.csv, sources.csv)"
    let files = ["entities.csv", "assertions.csv", "sources.csv"]

    func write(_ scope: ExportScope, file: String, to out: inout some TextOutputStream) throws(ExportError) {
        let graph = scope.graph
        func row(_ fields: [String]) { out.write(fields.map { CSVField.spreadsheetSafe($0) }.joined(separator: ",") + "\r\n") }
        if file == "entities.csv" {
            row(["id", "label", "kind", "pack", "synonyms", "xrefs", "definition"])
            for node in scope.nodes {
                let entity = node.entity
                // Another pack's entity that the scope's assertions point to: its label and kind only.
                let whole = !node.isReference
                row([entity.id, entity.label, node.kinds.joined(separator: "; "), node.packs.joined(separator: "; "),
                     whole ? entity.synonyms.joined(separator: "; ") : "", whole ? node.identifiers.joined(separator: "; ") : "",
                     whole ? entity.definition ?? "" : ""])
            }
            return
        }
        if file == "sources.csv" {
            // What the assertions' `pack` and `source` columns name.
            row(["pack", "source", "title", "citation"])
            for source in scope.citedSources { row([source.pack, source.id, source.title, source.citation ?? ""]) }
            return
        }
        row(["subject", "subject_label", "relation", "object", "object_label", "negated", "certainty", "frequency", "severity",
             "onset", "context", "pack", "source", "locator"])
        scope.forEachEdge { edge in
            let (qualifiers, provenance) = (edge.qualifiers, edge.provenance)
            let ends = graph[edge.assertion]
            row([edge.subject, graph[ends.subject].label, edge.relation.name, edge.object, graph[ends.object].label, qualifiers.statesAbsence ? "true" : "false", qualifiers.certainty?.rawValue ?? "",
                 qualifiers.frequency ?? "", qualifiers.severity ?? "", qualifiers.onset ?? "", qualifiers.context ?? "",
                 provenance.pack, provenance.source, provenance.locator ?? ""])
        }
    }
}

/// RFC 4180 fields.
///
/// Read as bytes: through `Character`s and Foundation's `replacingOccurrences` a field cost ~15,000
/// instructions (43 M of a 700-row answer's 58 M in CSV).
public enum CSVField {
    /// A field quoted when it holds a comma, a quote or a line break (any of Unicode's), its
    /// quotes doubled.
    public static func quoted(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A field for a spreadsheet: as ``quoted(_:)``, and a leading `=`, `+`, `-`, `@`, tab or CR
    /// gets an apostrophe so the cell is not run as a formula (OWASP's advice for CSV exports) —
    /// unless the field is a plain number (`-0.7959`, `+3`, `-1.5e-3`), which a spreadsheet reads as
    /// a number and runs nothing.
    public static func spreadsheetSafe(_ text: String) -> String {
        guard let first = text.utf8.first, formulaLeads.contains(first), !isPlainNumber(text) else { return quoted(text) }
        return quoted("'" + text)
    }

    /// Whether `text` is a signed decimal number: `[+-]digits[.digits][e[+-]digits]`, at least
    /// one digit before any exponent.
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { (0x30...0x39).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if let sign = bytes.first, sign == 0x2B || sign == 0x2D { bytes = bytes.dropFirst() }
        var count = digits()
        if bytes.first == 0x2E {
            bytes = bytes.dropFirst()
            count += digits()
        }
        guard count > 0 else { return false }
        if let e = bytes.first, e == 0x65 || e == 0x45 {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == 0x2B || sign == 0x2D { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// `=`, `+`, `-`, `@`, tab and CR.
    private static let formulaLeads: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// Whether `text` holds a comma, a quote or a line break: an ASCII one (LF, VT, FF, CR) or NEL,
    /// LS or PS. ASCII bytes are always their own characters in UTF-8.
    static func needsQuotes(_ text: String) -> Bool {
        var ascii = true
        for byte in text.utf8 {
            if byte == 0x2C || byte == 0x22 || (0x0A...0x0D).contains(byte) { return true }
            if byte >= 0x80 { ascii = false }
        }
        return !ascii && text.unicodeScalars.contains { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }
}
