import SymptomGraph

/// Qualifiers as words, shared by the text renderers and the pictures.
public enum QualifierText {
    /// "not, may, frequency: frequent (30–79%), severity: mild, onset: …, context" (raw text from packs:
    /// callers that print to a terminal escape it).
    public static func notes(_ qualifiers: Qualifiers) -> String {
        var parts: [String] = []
        if qualifiers.isNegated { parts.append("not") }
        if let certainty = qualifiers.certainty { parts.append(certainty.rawValue) }
        if let frequency = qualifiers.frequency { parts.append("frequency: \(HPOFrequency.named(frequency)?.words ?? frequency)") }
        if let severity = qualifiers.severity { parts.append("severity: \(severity)") }
        if let onset = qualifiers.onset { parts.append("onset: \(onset)") }
        if let context = qualifiers.context { parts.append(context) }
        return parts.joined(separator: ", ")
    }
}
