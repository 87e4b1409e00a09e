import SymptomGraph

/// Qualifiers as words, shared by the text renderers and the pictures.
public enum QualifierText {
    /// A relation's label said of a negated assertion: "is caused by" → "is not caused by",
    /// "has symptom" → "does not have symptom", "may lead to" → "may not lead to", "causes" →
    /// "does not cause", "triggered by" → "not triggered by".
    public static func negated(_ label: String) -> String {
        let words = label.split(separator: " ", maxSplits: 1).map(String.init)
        guard let verb = words.first else { return "not" }
        let rest = words.count > 1 ? " " + words[1] : ""
        switch verb {
        case "is", "are", "may", "can", "must": return verb + " not" + rest
        case "has": return "does not have" + rest
        default:
            if verb.hasSuffix("s"), !verb.hasSuffix("ss"), verb.count > 2 { return "does not " + verb.dropLast() + rest }
            return "not " + label
        }
    }

    /// An assertion said as a sentence, without its notes: "Multiple sclerosis is an Autoimmune
    /// disease", "Multiple sclerosis does not have symptom Fever". One that states absence — NOT,
    /// or a frequency of none (`0/3`) — is said in the negative: it is why symkb answers "no".
    public static func statement(of assertion: AssertionID, in graph: KnowledgeGraph) -> String {
        let edge = graph[assertion]
        let label = graph.relations[edge.relation.position].label
        let object = graph[edge.object].label
        return "\(graph[edge.subject].label) \(Self.label(graph.statesAbsence(assertion) ? negated(label) : label, before: object)) \(object)"
    }

    /// A relation's label as an assertion with `qualifiers` says it, and its notes: in the
    /// negative when it states absence (NOT, or a frequency of none), which the notes then do not
    /// repeat. What a picture's edge and a tree's line show.
    public static func labelled(_ label: String, _ qualifiers: Qualifiers, in graph: KnowledgeGraph) -> (label: String, notes: String) {
        let absent = qualifiers.statesAbsence
        return (absent ? negated(label) : label, notes(qualifiers, in: graph, negationSaid: absent))
    }

    /// A relation's label before a name, its article agreeing: "is a" + "Autoimmune disease" →
    /// "is an" (by the name's first letter: a vowel takes "an").
    public static func label(_ label: String, before name: String) -> String {
        guard label == "a" || label.hasSuffix(" a"), let first = name.first?.lowercased(), "aeiou".contains(first) else { return label }
        return label + "n"
    }

    /// "not, may, frequency: frequent (30–79%), severity: mild, onset: …, context" ("frequency: 0/9
    /// (stated absent)" for a count of none; raw text from packs:
    /// callers that print to a terminal escape it). An onset given as a term's id (the HPO's
    /// annotations give `HP:0011463`) is shown by the term's label too, when `graph` has the term:
    /// "onset: Childhood onset (HP:0011463)".
    ///
    /// With `negationSaid` (the relation is said in the negative already, as ``statement(of:in:)``
    /// says it), neither "not" nor "(stated absent)" is added.
    public static func notes(_ qualifiers: Qualifiers, in graph: KnowledgeGraph? = nil, negationSaid: Bool = false) -> String {
        var parts: [String] = []
        if qualifiers.isNegated, !negationSaid { parts.append("not") }
        if let certainty = qualifiers.certainty { parts.append(certainty.rawValue) }
        if let frequency = qualifiers.frequency {
            let named = HPOFrequency.named(frequency)
            // "0/1" states absence as plainly as NOT does, but reads like a count: said in words
            // (a ranking that counts the row, as hpo3 does, would otherwise pass for support).
            let absent = named == nil && !qualifiers.isNegated && !negationSaid && qualifiers.statesAbsence ? " (stated absent)" : ""
            parts.append("frequency: \(named?.words ?? frequency)\(absent)")
        }
        if let severity = qualifiers.severity { parts.append("severity: \(severity)") }
        if let onset = qualifiers.onset { parts.append("onset: \(named(onset, in: graph))") }
        if let context = qualifiers.context { parts.append(context) }
        return parts.joined(separator: ", ")
    }

    /// "Label (ID)" for a value that is the id of an entity of `graph`; else the value.
    private static func named(_ value: String, in graph: KnowledgeGraph?) -> String {
        guard let graph, let entity = graph.entityID(for: value) else { return value }
        return "\(graph[entity].label) (\(value))"
    }
}
