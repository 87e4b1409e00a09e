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
            // An eponym written as a possessive ("Parkinson's disease", "alzheimers") is looked
            // for as the HPO writes it ("Parkinson disease").
            let plain = Self.withoutPossessive(trimmed)
            let stem = plain ?? trimmed
            // The concepts a name of several words begins (the first three of a family, plain
            // names first: "pins and needles" begins a name of Paresthesia, "parkinson disease"
            // those of a family of OMIM entries), those whose initials it spells ("ALS"), then
            // the closest spellings; one label once (OMIM and Orphanet often give one disease
            // the same name).
            let begun = stem.contains(" ") || (plain != nil && stem.count >= 5)
                ? familyOrder(graph.entities(namedStartingWith: stem)) : []
            // Conditions first: "ALS" is a disease's abbreviation far more often than a sign's.
            let abbreviated = Self.isAbbreviation(trimmed)
                ? familyOrder(graph.entities(abbreviatedAs: trimmed), conditionsFirst: true) : []
            var suggestions: [String] = []
            // (Spellings one letter from an abbreviation that stands for names are noise: "All" for "ALS".)
            let spellings = abbreviated.isEmpty ? graph.suggestions(for: stem) : []
            for entity in begun.prefix(3) + abbreviated.prefix(3) + nounForms(of: stem) + spellings
            where !suggestions.contains(graph[entity].label) {
                suggestions.append(graph[entity].label)
            }
            // A name that begins many (`parkinson disease`: a family of OMIM entries): how to see them all.
            var notes = begun.count > 3
                ? ["\(begun.count) names begin with '\(stem)'; to see them: list entities matching \(stem)"] : []
            if abbreviated.count > 3 {
                notes.append("\(abbreviated.count) names have the initials \(trimmed.uppercased()); use a whole name or an id")
            }
            throw QueryError(.unknownName, "unknown entity '\(name)'" + (suggestions.isEmpty ? unloadedNamespace(of: trimmed) : ""),
                             at: span, suggestions: suggestions, notes: notes + (suggestions.isEmpty ? withoutTheHPO : []))
        }
    }

    /// When the Human Phenotype Ontology is not loaded (only the small bundled packs are, as on a
    /// first run): where most names people ask about are, and how to get it (said of a name
    /// that nothing loaded comes near). Empty otherwise.
    var withoutTheHPO: [String] {
        guard graph.entityID(for: "HP:0000001") == nil else { return [] }
        return ["only \(graph.entities.count) concepts are loaded; the Human Phenotype Ontology's findings and "
            + "diseases (with their annotations) are installed with 'symkb pack install hpo', or loaded with --pack DIR"]
    }

    /// A name with its possessives taken off, as the HPO and OMIM write eponyms: "Parkinson's
    /// disease" → "Parkinson disease", "Graves' disease" → "Graves disease"; or, with none, a
    /// first word of six letters or more ending in "s" without it ("parkinsons", "alzheimers
    /// disease" → "alzheimer disease"). `nil` when nothing changes.
    static func withoutPossessive(_ name: String) -> String? {
        var words = name.split(separator: " ").map(String.init)
        var changed = false
        for index in words.indices {
            for ending in ["'s", "’s"] where words[index].count > ending.count + 1 && words[index].lowercased().hasSuffix(ending) {
                words[index].removeLast(ending.count)
                changed = true
            }
            for ending in ["s'", "s’"] where words[index].count > 3 && words[index].lowercased().hasSuffix(ending) {
                words[index].removeLast()
                changed = true
            }
        }
        if !changed, let first = words.first, first.count >= 6, first.lowercased().hasSuffix("s"), !first.lowercased().hasSuffix("ss"),
           first.allSatisfy(\.isLetter), words.count == 1 || ["disease", "syndrome"].contains(words[1].lowercased()) {
            words[0].removeLast()
            changed = true
        }
        return changed ? words.joined(separator: " ") : nil
    }

    /// Whether a name may be an abbreviation: one word of two to six letters, in capitals as
    /// typed ("ALS"), or of up to four in lower case ("copd").
    static func isAbbreviation(_ name: String) -> Bool {
        guard !name.contains(" "), name.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return ((2...6).contains(name.count) && name.allSatisfy(\.isUppercase)) || (2...4).contains(name.count)
    }

    /// Entities in the order a family of names reads best: names without a number first ("Parkinson
    /// disease, late-onset" before "Parkinson disease 4"), then the shorter, then by label.
    private func familyOrder(_ entities: [EntityID], conditionsFirst: Bool = false) -> [EntityID] {
        entities.map { (entity: $0, label: graph[$0].label) }.sorted { left, right in
            if conditionsFirst {
                let (a, b) = (graph.entity(left.entity, isOfKind: "condition"), graph.entity(right.entity, isOfKind: "condition"))
                if a != b { return a }
            }
            let (a, b) = (left.label.contains(where: \.isNumber), right.label.contains(where: \.isNumber))
            if a != b { return !a }
            if left.label.count != right.label.count { return left.label.count < right.label.count }
            return (left.label, left.entity) < (right.label, right.entity)
        }.map(\.entity)
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
