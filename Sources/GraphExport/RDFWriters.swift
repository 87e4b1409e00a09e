/// Turtle: prefixes, then each subject with its predicates and objects.
struct TurtleFormat: ExportFormat {
    let name = "turtle"
    let summary = "RDF 1.1 Turtle (qualifiers and provenance on reified statements)"
    let files = ["symkb.ttl"]

    func write(_ scope: ExportScope, file: String, to out: inout some TextOutputStream) throws(ExportError) {
        for (prefix, iri) in IRIScheme.prefixes { out.write("@prefix \(prefix): <\(iri)> .\n") }
        out.write("\n")
        let names = ShortNames()
        let type = RDFStatements.rdfType
        RDFStatements(scope: scope).forEachSubject { subject, pairs in
            out.write(Self.term(subject, names))
            for (index, pair) in pairs.enumerated() {
                out.write(index == 0 ? " " : " ;\n    ")
                out.write(pair.predicate == type ? "a" : names[pair.predicate])
                out.write(" ")
                out.write(Self.term(pair.object, names))
            }
            out.write(" .\n")
        }
    }

    static func term(_ term: RDFTerm, _ names: ShortNames) -> String {
        switch term {
        case let .iri(value): names[value]
        case let .blank(label): "_:" + label
        case let .literal(text, datatype):
            "\"" + RDFText.escaped(text) + "\"" + (datatype.map { "^^" + names[$0] } ?? "")
        }
    }
}

/// ``IRIScheme/shortened(_:)``, remembered: an export names the same few thousand terms and
/// predicates hundreds of thousands of times.
final class ShortNames {
    private var known: [String: String] = [:]

    subscript(iri: String) -> String {
        if let name = known[iri] { return name }
        let name = IRIScheme.shortened(iri)
        known[iri] = name
        return name
    }
}

/// N-Triples: one triple per line, every IRI in full.
struct NTriplesFormat: ExportFormat {
    let name = "ntriples"
    let summary = "RDF 1.1 N-Triples (the same statements as turtle, one per line)"
    let files = ["symkb.nt"]

    func write(_ scope: ExportScope, file: String, to out: inout some TextOutputStream) throws(ExportError) {
        RDFStatements(scope: scope).forEachSubject { subject, pairs in
            let head = Self.term(subject) + " "
            for (predicate, object) in pairs { out.write(head + "<" + predicate + "> " + Self.term(object) + " .\n") }
        }
    }

    static func term(_ term: RDFTerm) -> String {
        switch term {
        case let .iri(iri): "<" + iri + ">"
        case let .blank(label): "_:" + label
        case let .literal(text, datatype): "\"" + RDFText.escaped(text) + "\"" + (datatype.map { "^^<" + $0 + ">" } ?? "")
        }
    }
}

/// JSON-LD 1.1: a context with the prefixes and a flat `@graph` of node objects.
struct JSONLDFormat: ExportFormat {
    let name = "jsonld"
    let summary = "JSON-LD 1.1 (the same statements as turtle)"
    let files = ["symkb.jsonld"]

    func write(_ scope: ExportScope, file: String, to out: inout some TextOutputStream) throws(ExportError) {
        out.write("{\n  \"@context\": {")
        out.write(IRIScheme.prefixes.map { "\n    " + RDFText.json($0.prefix) + ": " + RDFText.json($0.iri) }.joined(separator: ","))
        out.write("\n  },\n  \"@graph\": [")
        let names = ShortNames()
        let type = RDFStatements.rdfType
        var first = true
        RDFStatements(scope: scope).forEachSubject { subject, pairs in
            out.write(first ? "\n    {" : ",\n    {")
            first = false
            out.write("\"@id\": " + RDFText.json(Self.id(subject, names)))
            // Values by predicate, in the order predicates first appear (a subject has a dozen at most).
            var groups: [(key: String, values: [String])] = []
            for (predicate, object) in pairs {
                let key = predicate == type ? "@type" : names[predicate].trimmingAngles
                let value = key == "@type" ? RDFText.json(Self.id(object, names)) : Self.value(object, names)
                if let index = groups.firstIndex(where: { $0.key == key }) { groups[index].values.append(value) } else { groups.append((key, [value])) }
            }
            for group in groups { out.write(", " + RDFText.json(group.key) + ": [" + group.values.joined(separator: ", ") + "]") }
            out.write("}")
        }
        out.write("\n  ]\n}\n")
    }

    static func id(_ term: RDFTerm, _ names: ShortNames) -> String {
        switch term {
        case let .iri(iri): names[iri].trimmingAngles
        case let .blank(label): "_:" + label
        case let .literal(text, _): text
        }
    }

    static func value(_ term: RDFTerm, _ names: ShortNames) -> String {
        switch term {
        case .iri, .blank: "{\"@id\": " + RDFText.json(id(term, names)) + "}"
        case let .literal(text, nil): "{\"@value\": " + RDFText.json(text) + "}"
        case let .literal(text, datatype?): "{\"@value\": " + RDFText.json(text) + ", \"@type\": " + RDFText.json(datatype) + "}"
        }
    }
}

extension String {
    /// `<iri>` → `iri` (a full IRI is a valid JSON-LD id); a prefixed name stays as it is.
    var trimmingAngles: String { hasPrefix("<") && hasSuffix(">") ? String(dropFirst().dropLast()) : self }
}

/// Escapes for RDF literals and JSON strings (the escapes Turtle and N-Triples use are JSON's too).
enum RDFText {
    /// A Turtle / N-Triples string body: quotes, backslashes and control characters escaped.
    static func escaped(_ text: String) -> String {
        // Most text needs nothing: one pass over the bytes decides.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A JSON string literal: the same escapes are valid JSON (RFC 8259).
    static func json(_ text: String) -> String { "\"" + escaped(text) + "\"" }
}
