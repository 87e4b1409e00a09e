import Foundation
import SymptomGraph

/// Turns names written in a query into entities, with "did you mean" suggestions when they fail.
struct NameResolver {
    let graph: KnowledgeGraph

    /// The entity `name` names. A name of several concepts is refused with them listed, unless
    /// exactly one of them is what the question can take (`preferring`: `explain rank "wilson
    /// disease"` takes the disease of the ranked database, OMIM's and not ORPHA's).
    func resolve(_ name: String, at span: Span, preferring: ((EntityID) -> Bool)? = nil) throws(QueryError) -> EntityID {
        switch graph.resolve(name) {
        case let .unique(entity):
            return entity
        case let .ambiguous(entities):
            if let preferring {
                let fitting = entities.filter(preferring)
                if fitting.count == 1 { return fitting[0] }
            }
            let choices = entities.prefix(5).map { "\(graph[$0].label) (\(graph[$0].id), \(graph[$0].kind), from \(graph[$0].pack))" }
            throw QueryError(.ambiguousName,
                "'\(name)' names \(entities.count) different concepts: \(choices.joined(separator: "; "))"
                    + (entities.count > 5 ? "; …" : "") + "; use an id",
                at: span, suggestions: entities.prefix(5).map { graph[$0].id })
        case .none:
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if let consider = graph.retirement(of: trimmed) ?? graph.retirement(of: trimmed.uppercased()) {
                let named = consider.map { id in graph.entityID(for: id).map { "\(graph[$0].label) (\(id))" } ?? id }
                throw QueryError(.obsoleteTerm,
                    "\(trimmed) is an obsolete term with no replacement"
                        + (named.isEmpty ? "; its ontology suggests nothing instead" : "; its ontology suggests considering "
                            + named.joined(separator: ", ")),
                    at: span)
            }
            // The concepts a name of several words begins (up to three: "pins and needles" begins
            // a name of Paresthesia), then the closest spellings; one label once (OMIM and
            // Orphanet often give one disease the same name).
            let begun = trimmed.contains(" ") ? graph.entities(namedStartingWith: trimmed) : []
            var suggestions: [String] = []
            for entity in (begun.count <= 3 ? begun : []) + nounForms(of: trimmed) + graph.suggestions(for: name)
            where !suggestions.contains(graph[entity].label) {
                suggestions.append(graph[entity].label)
            }
            // A name that begins many (`parkinson disease`: a family of OMIM entries): how to see them all.
            let beginning = begun.count
            let notes = beginning > suggestions.count
                ? ["\(beginning) names begin with '\(trimmed)'; to see them: list entities matching \(trimmed)"] : []
            throw QueryError(.unknownName, "unknown entity '\(name)'" + (suggestions.isEmpty ? unloadedNamespace(of: trimmed) : ""),
                             at: span, suggestions: suggestions, notes: notes)
        }
    }

    /// The concepts named when one word of a short name is said as people describe themselves:
    /// "dizzy" → dizziness, "blurry vision" → blurred vision, "tired" → tiredness, "numb" →
    /// numbness. Each word of up to three is tried in a few forms, and a form that names one
    /// concept is kept.
    private func nounForms(of name: String) -> [EntityID] {
        var words = name.lowercased().split(separator: " ").map(String.init)
        guard (1...3).contains(words.count) else { return [] }
        var found: [EntityID] = []
        // "feeling tired": the state is the name.
        if words.count > 1, ["feeling", "being", "having", "getting", "very"].contains(words[0]) {
            words.removeFirst()
            if case let .unique(entity) = graph.resolve(words.joined(separator: " ")) { found.append(entity) }
        }
        for (index, word) in words.enumerated() where word.count >= 4 && word.allSatisfy(\.isLetter) {
            var forms = [word + "ness"]
            if word.hasSuffix("y") {
                let stem = String(word.dropLast())
                forms += [stem + "iness", stem + "ed", stem + "ing"]
            }
            if word.hasSuffix("ed") { forms.append(String(word.dropLast(2)) + "ness") }
            // "nauseous", "nauseated" → nausea.
            if word.hasSuffix("ous") { forms.append(String(word.dropLast(3)) + "a") }
            if word.hasSuffix("ated") { forms.append(String(word.dropLast(3))) }
            for form in forms {
                var changed = words
                changed[index] = form
                if case let .unique(entity) = graph.resolve(changed.joined(separator: " ")), !found.contains(entity) { found.append(entity) }
            }
        }
        return found
    }

    /// What to add to "unknown entity" for an id whose namespace no loaded entity has
    /// (`HP:0001257` with only the bundled packs): that the vocabulary is not loaded, and for the
    /// HPO how to install it; empty otherwise. Read only when a name fails.
    private func unloadedNamespace(of name: String) -> String {
        guard let colon = name.firstIndex(of: ":"), colon > name.startIndex, name.index(after: colon) < name.endIndex,
              name[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
              !name.contains(" ") else { return "" }
        // Ids are found whatever their case (`hp:0001257`), so namespaces are compared so too.
        let prefix = name[...colon].lowercased()
        let entities = graph.statedEntities
        if entities.indices.contains(where: { entities.id(at: $0).prefix(prefix.count).lowercased() == prefix }) { return "" }
        let hint = prefix == "hp:" ? "; the Human Phenotype Ontology is installed with 'symkb pack install hpo'" : ""
        return ": no loaded pack has ids in the '\(name[..<colon])' namespace\(hint)"
    }

    func resolve(_ term: Term, preferring: ((EntityID) -> Bool)? = nil) throws(QueryError) -> EntityID? {
        guard case let .name(name, span) = term else { return nil }
        return try resolve(name, at: span, preferring: preferring)
    }
}
