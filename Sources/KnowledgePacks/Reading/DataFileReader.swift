import SymptomGraph
import Yams

/// Reads one data file of a pack (kinds, relations, entities, extensions, assertions) into records.
struct DataFileReader {
    static let sections = ["kinds", "relations", "entities", "extend", "assertions"]
    static let kindFields = ["name", "label", "parent", "description"]
    static let relationFields = [
        "name", "inverse", "label", "inverse_label", "transitive", "symmetric", "ro", "biolink",
        "domain", "range", "description",
    ]
    // Written out, not made from one another: packs are read on several threads at once, and a
    // static made from another static nests one lazy initialization in another (a test run once
    // had two threads wait for ever on `mappingFields`, each inside one of these two).
    // A test checks the mapping fields against `EntityMapping.Predicate`.
    static let mappingFields = ["close_match", "broad_match", "narrow_match", "related_match"]
    static let entityFields = [
        "id", "kind", "label", "synonyms", "definition", "xrefs", "same_as",
        "close_match", "broad_match", "narrow_match", "related_match",
    ]
    static let extensionFields = [
        "id", "synonyms", "xrefs", "same_as", "definition", "source", "locator",
        "close_match", "broad_match", "narrow_match", "related_match",
    ]
    static let assertionFields = [
        "subject", "relation", "object", "objects", "certainty", "frequency", "severity", "onset",
        "negated", "context", "source", "locator",
    ]

    let manifest: PackManifest

    /// Reads a file's sections into `content`, recording problems in `reader`.
    func read(_ text: String, into content: inout PackContent, reader: inout YAMLReader) {
        guard let root = reader.parse(text),
              let fields = reader.fields(of: root, allowed: Self.sections, what: "a data file")
        else { return }
        for item in reader.items(fields["kinds"], what: "'kinds'") { readKind(item, into: &content, reader: &reader) }
        for item in reader.items(fields["relations"], what: "'relations'") {
            readRelation(item, into: &content, reader: &reader)
        }
        for item in reader.items(fields["entities"], what: "'entities'") {
            readEntity(item, into: &content, reader: &reader)
        }
        for item in reader.items(fields["extend"], what: "'extend'") {
            readExtension(item, into: &content, reader: &reader)
        }
        for item in reader.items(fields["assertions"], what: "'assertions'") {
            readAssertion(item, into: &content, reader: &reader)
        }
    }

    /// The qualified id of a reference: `slug` → `namespace:slug`; `other:slug` unchanged.
    func qualify(_ reference: String) -> String {
        reference.contains(":") ? reference : manifest.namespace + ":" + reference
    }

    private func readKind(_ item: Node, into content: inout PackContent, reader: inout YAMLReader) {
        guard let fields = reader.fields(of: item, allowed: Self.kindFields, what: "a kind"),
              let name = reader.string(reader.required("name", in: fields, of: item, what: "a kind"), what: "a kind name")
        else { return }
        guard Self.isVocabularyName(name, at: fields["name"] ?? item, what: "kind", reader: &reader) else { return }
        content.kinds.append(KindRecord(
            kind: EntityKind(
                name: name, label: reader.string(fields["label"], what: "'label'"),
                parent: reader.string(fields["parent"], what: "'parent'"),
                description: reader.string(fields["description"], what: "'description'"), pack: manifest.id),
            location: reader.location(of: item)))
    }

    private func readRelation(_ item: Node, into content: inout PackContent, reader: inout YAMLReader) {
        guard let fields = reader.fields(of: item, allowed: Self.relationFields, what: "a relation"),
              let name = reader.string(
                  reader.required("name", in: fields, of: item, what: "a relation"), what: "a relation name")
        else { return }
        guard Self.isVocabularyName(name, at: fields["name"] ?? item, what: "relation", reader: &reader) else { return }
        let inverse = reader.string(fields["inverse"], what: "'inverse'")
        if let inverse, !Self.isVocabularyName(inverse, at: fields["inverse"] ?? item, what: "relation", reader: &reader) { return }
        // The exports write these as predicates: a malformed one would be a wrong IRI, so it is
        // left out (with a warning; the pack still loads).
        var ro = reader.string(fields["ro"], what: "'ro'")
        if let text = ro, let node = fields["ro"], !Self.isRelationOntologyID(text) {
            reader.warning(.invalidOntologyID, "'ro' must be an OBO relation id such as RO:0003303 or BFO:0000050 (or rdfs:subClassOf), "
                           + "not '\(text)'; it is left out", at: node)
            ro = nil
        }
        var biolink = reader.string(fields["biolink"], what: "'biolink'")
        if let text = biolink, let node = fields["biolink"], !Self.isBiolinkPredicate(text) {
            reader.warning(.invalidOntologyID, "'biolink' must be a Biolink predicate such as biolink:causes, not '\(text)'; it is left out",
                           at: node)
            biolink = nil
        }
        content.relations.append(RelationRecord(
            relation: RelationType(
                name: name,
                inverseName: inverse,
                label: reader.string(fields["label"], what: "'label'"),
                inverseLabel: reader.string(fields["inverse_label"], what: "'inverse_label'"),
                isTransitive: reader.bool(fields["transitive"], what: "'transitive'") ?? false,
                isSymmetric: reader.bool(fields["symmetric"], what: "'symmetric'") ?? false,
                relationOntologyID: ro,
                biolinkID: biolink,
                domain: reader.strings(fields["domain"], what: "'domain'"),
                range: reader.strings(fields["range"], what: "'range'"),
                description: reader.string(fields["description"], what: "'description'"),
                pack: manifest.id),
            location: reader.location(of: item)))
    }

    /// Whether a kind's or relation's name can be written in a query (`?x kind body-site`,
    /// `?x triggered_by ?y`) and in the exports' IRIs: lowercase letters, digits, `_` and `-`,
    /// from a letter. Otherwise an error at the name, with the name so written as a suggestion.
    static func isVocabularyName(_ name: String, at node: Node, what: String, reader: inout YAMLReader) -> Bool {
        isIdentifier(name, at: node, described: "\(what) name", because: "a query could not name it", reader: &reader)
    }

    /// Whether `name` is lowercase letters, digits, `_` and `-`, from a letter. Otherwise an error
    /// at it — "<described> '<name>' must be lowercase letters, … (<why>)" — with the name so
    /// written as the suggestion.
    static func isIdentifier(_ name: String, at node: Node, described: String, because why: String, reader: inout YAMLReader) -> Bool {
        let bytes = Array(name.utf8)
        func allowed(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2D }
        if let first = bytes.first, (0x61...0x7A).contains(first), bytes.allSatisfy(allowed) { return true }
        // "Rel with space" → "rel_with_space".
        var suggestion = ""
        for character in name.lowercased() {
            if let ascii = character.asciiValue, allowed(ascii) { suggestion.append(character) } else if !suggestion.hasSuffix("_") { suggestion.append("_") }
        }
        while suggestion.hasSuffix("_") { suggestion.removeLast() }
        while let first = suggestion.first, !first.isLetter { suggestion.removeFirst() }
        reader.error(.invalidID, "\(described) '\(name)' must be lowercase letters, digits, '_' and '-', from a letter (\(why))",
                     at: node, suggestions: suggestion.isEmpty ? [] : [suggestion])
        return false
    }

    /// An OBO id (`RO:0003303`, `BFO:0000050`: an upper-case prefix, a colon, digits), or a
    /// term of RDF's own vocabularies (`rdfs:subClassOf`, `skos:…`, `owl:…`).
    static func isRelationOntologyID(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        if ["rdfs", "skos", "owl"].contains(parts[0]) { return parts[1].allSatisfy { $0.isLetter } }
        return parts[0].first.map { ("A"..."Z").contains($0) } == true
            && parts[0].allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && parts[1].allSatisfy { ("0"..."9").contains($0) }
    }

    /// `biolink:` and a snake_case name (`biolink:has_phenotype`).
    static func isBiolinkPredicate(_ text: String) -> Bool {
        let name = text.utf8.dropFirst(8)
        return text.hasPrefix("biolink:") && name.first.map { (0x61...0x7A).contains($0) } == true
            && name.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "_") }
    }

    private func readEntity(_ item: Node, into content: inout PackContent, reader: inout YAMLReader) {
        guard let fields = reader.fields(of: item, allowed: Self.entityFields, what: "an entity") else { return }
        let idNode = reader.required("id", in: fields, of: item, what: "an entity")
        let kindNode = reader.required("kind", in: fields, of: item, what: "an entity")
        let labelNode = reader.required("label", in: fields, of: item, what: "an entity")
        guard let localID = reader.string(idNode, what: "an entity id"), let idNode,
              let kind = reader.string(kindNode, what: "an entity kind"), let kindNode,
              let label = reader.string(labelNode, what: "an entity label")
        else { return }
        let id = qualify(localID)
        if !id.hasPrefix(manifest.namespace + ":") {
            reader.error(.namespaceOwned,
                "entity ids of pack '\(manifest.id)' belong to namespace '\(manifest.namespace)'; "
                    + "to add to another pack's entity use 'extend'", at: idNode)
            content.refusedIDs.insert(id)
            return
        }
        if !isValidSlug(id.dropFirst(manifest.namespace.count + 1)) {
            reader.error(.invalidID, "entity id '\(localID)' must be lowercase letters, digits and dashes"
                + Self.foreignCharacterNote(localID), at: idNode)
            content.refusedIDs.insert(id)
            return
        }
        let synonyms = reader.strings(fields["synonyms"], what: "'synonyms'")
        let definition = reader.string(fields["definition"], what: "'definition'")
        // `same_as` and `xrefs` both state exact equivalence (see ConceptMerge); one list keeps them.
        let xrefs = Self.xrefs(in: fields, reader: &reader)
        content.entities.append(EntityRecord(
            entity: Entity(
                id: id, kind: kind, label: label, synonyms: synonyms, definition: definition, xrefs: xrefs.map(\.text), pack: manifest.id
            ).with(mappings: Self.mappings(in: fields, reader: &reader)),
            location: reader.location(of: idNode), kindLocation: reader.location(of: kindNode), xrefLocations: xrefs.map(\.location)))
    }

    /// The first character of an id that is no ASCII letter, digit, dash or colon, named when it
    /// looks like one ("а" U+0430, Cyrillic, in "exаmple"): empty when there is none.
    static func foreignCharacterNote(_ id: String) -> String {
        guard let scalar = id.unicodeScalars.first(where: { !$0.isASCII }) else { return "" }
        let name = scalar.properties.name.map { " (\($0.lowercased()))" } ?? ""
        return "; it holds U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)) '\(scalar)'\(name), which is not ASCII"
    }

    /// The `xrefs` and `same_as` of an entity, each checked to be `PREFIX:ID` (a warning at the
    /// value otherwise: `HP 0000505` merges with nothing).
    private static func xrefs(in fields: [String: Node], reader: inout YAMLReader) -> [(text: String, location: SourceLocation)] {
        var found: [(text: String, location: SourceLocation)] = []
        for key in ["xrefs", "same_as"] {
            guard let node = fields[key] else { continue }
            let items: [Node] = if case let .sequence(sequence) = node { Array(sequence) } else { [node] }
            for item in items {
                guard let xref = reader.string(item, what: "'\(key)'") else { continue }
                if !isWellFormedXref(xref) {
                    reader.warning(.invalidXref, "'\(xref)' is not a cross-reference PREFIX:ID (e.g. HP:0000505); it merges with nothing", at: item)
                }
                found.append((xref, reader.location(of: item)))
            }
        }
        return found
    }

    /// Whether a frequency is written as a percentage, `n/m` or an HPO frequency term (as the
    /// annotation files write it) rather than in words.
    static func isNumberForm(_ text: String) -> Bool {
        if text.hasPrefix("HP:") { return true }
        // As the check reads them: "50 %" or "1 / 2" are words to it, and pass as words.
        if text.hasSuffix("%") { return Double(text.dropLast()) != nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { Int($0) != nil }
    }

    /// `PREFIX:ID`: a prefix of letters, digits, `_`, `.` or `-` starting with a letter, a colon,
    /// and an id with no space.
    static func isWellFormedXref(_ xref: String) -> Bool {
        guard let colon = xref.firstIndex(of: ":"), colon > xref.startIndex else { return false }
        let prefix = xref[..<colon], local = xref[xref.index(after: colon)...]
        guard let first = prefix.first, first.isLetter, !local.isEmpty else { return false }
        return prefix.allSatisfy { $0.isLetter || $0.isNumber || "_.-".contains($0) } && !local.contains { $0.isWhitespace }
    }

    private func isValidSlug(_ slug: Substring) -> Bool {
        !slug.isEmpty && slug.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    private func readExtension(_ item: Node, into content: inout PackContent, reader: inout YAMLReader) {
        guard let fields = reader.fields(of: item, allowed: Self.extensionFields, what: "an extension"),
              let idNode = reader.required("id", in: fields, of: item, what: "an extension"),
              let id = reader.string(idNode, what: "an entity id")
        else { return }
        var source = readSource(fields["source"], reader: &reader)
        if source == nil, manifest.sources.count == 1 { source = manifest.sources[0].id }
        let synonyms = reader.strings(fields["synonyms"], what: "'synonyms'")
        let xrefs = Self.xrefs(in: fields, reader: &reader)
        content.extensions.append(ExtensionRecord(
            id: qualify(id),
            synonyms: synonyms,
            xrefs: xrefs.map(\.text),
            mappings: Self.mappings(in: fields, reader: &reader),
            definition: reader.string(fields["definition"], what: "'definition'"),
            source: source, locator: reader.string(fields["locator"], what: "'locator'"),
            location: reader.location(of: idNode), xrefLocations: xrefs.map(\.location)))
    }

    /// The `close_match`, `broad_match`, `narrow_match` and `related_match` lists of an entity or extension.
    private static func mappings(in fields: [String: Node], reader: inout YAMLReader) -> [EntityMapping] {
        EntityMapping.Predicate.allCases.flatMap { predicate in
            reader.strings(fields[predicate.rawValue], what: "'\(predicate.rawValue)'").map { EntityMapping(predicate, $0) }
        }
    }

    /// A `source` field, which must name a source of the manifest.
    private func readSource(_ node: Node?, reader: inout YAMLReader) -> String? {
        guard let node, let name = reader.string(node, what: "'source'") else { return nil }
        if !manifest.sources.contains(where: { $0.id == name }) {
            let guess = Spelling.closest(to: name, among: manifest.sources.map(\.id)).first
            reader.error(.unknownSource, "source '\(name)' is not declared in pack.yaml", at: node, suggestions: guess.map { [$0] } ?? [])
        }
        return name
    }

    private func readAssertion(_ item: Node, into content: inout PackContent, reader: inout YAMLReader) {
        guard let fields = reader.fields(of: item, allowed: Self.assertionFields, what: "an assertion") else { return }
        let subjectNode = reader.required("subject", in: fields, of: item, what: "an assertion")
        let relationNode = reader.required("relation", in: fields, of: item, what: "an assertion")
        guard let subject = reader.string(subjectNode, what: "the subject"), let subjectNode,
              let relation = reader.string(relationNode, what: "the relation"), let relationNode
        else { return }
        if fields["object"] != nil && fields["objects"] != nil {
            reader.error(.invalidAssertion, "an assertion has either 'object' or 'objects', not both", at: item)
            return
        }
        guard let objectNode = fields["object"] ?? fields["objects"] else {
            reader.error(.invalidAssertion, "an assertion has no 'object'", at: item)
            return
        }
        let objectNodes: [Node] = if case let .sequence(list) = objectNode { Array(list) } else { [objectNode] }
        if objectNodes.isEmpty {
            // `objects: []` states nothing: an assertion without an object is no assertion.
            reader.error(.invalidAssertion, "'\(fields["object"] != nil ? "object" : "objects")' is empty: an assertion needs at least one object",
                         at: objectNode)
            return
        }
        let objects = objectNodes.compactMap { node in
            reader.string(node, what: "an object").map {
                EntityReference(id: qualify($0), location: reader.location(of: node))
            }
        }
        var qualifiers = Qualifiers()
        if let node = fields["certainty"], let text = reader.string(node, what: "'certainty'") {
            if let certainty = Certainty(rawValue: text) {
                qualifiers.certainty = certainty
            } else {
                let names = Certainty.allCases.map(\.rawValue)
                // `stated` is the filter's word for an unhedged fact, which a pack writes as always.
                let stated = text.lowercased() == "stated"
                reader.error(.unknownCertainty, "certainty '\(text)' is not one of \(names.joined(separator: ", "))"
                                 + (stated ? "; a fact stated without a hedge is 'always' (or has no certainty)" : ""),
                             at: node, suggestions: stated ? ["always"] : Array(Spelling.closest(to: text, among: names).prefix(1)))
            }
        }
        qualifiers.frequency = reader.string(fields["frequency"], what: "'frequency'")
        // Free text ("in most people") is the source's words; a number form must be a possible
        // one (150% or 5/0 would pass `where frequency >= 50%` and mean nothing).
        if let node = fields["frequency"], let text = qualifiers.frequency, Self.isNumberForm(text),
           let problem = HPOAImporter.frequencyProblem(text) {
            reader.warning(.invalidFrequency, problem + "; left out", at: node)
            qualifiers.frequency = nil
        }
        qualifiers.severity = reader.string(fields["severity"], what: "'severity'")
        qualifiers.onset = reader.string(fields["onset"], what: "'onset'")
        qualifiers.isNegated = reader.bool(fields["negated"], what: "'negated'") ?? false
        qualifiers.context = reader.string(fields["context"], what: "'context'")

        var source = readSource(fields["source"], reader: &reader)
        if source == nil, manifest.sources.count == 1 { source = manifest.sources[0].id }
        if source == nil {
            // One declared source is every assertion's; with several, each must name its own.
            let declared = manifest.sources.map(\.id)
            reader.warning(.missingProvenance, declared.isEmpty
                ? "assertion has no provenance: declare its source under 'sources' in pack.yaml"
                : "assertion has no 'source', and pack.yaml declares \(declared.count) (\(declared.joined(separator: ", "))): "
                    + "with more than one, each assertion names its own", at: item)
        }
        let locator = reader.string(fields["locator"], what: "'locator'")
        if source != nil, locator == nil {
            reader.warning(.missingProvenance, "assertion has no 'locator' saying where in the source it is stated", at: item)
        }
        content.assertions.append(AssertionRecord(
            subject: EntityReference(id: qualify(subject), location: reader.location(of: subjectNode)),
            relation: relation, relationLocation: reader.location(of: relationNode),
            objects: objects, qualifiers: qualifiers,
            source: source, sourceLocation: fields["source"].map { reader.location(of: $0) },
            locator: locator, location: reader.location(of: item)))
    }
}

private extension String {
    /// The string with zeros before it, to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
