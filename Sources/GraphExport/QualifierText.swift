import SymptomGraph

/// Qualifiers as words, shared by the text renderers and the pictures.
public enum QualifierText {
    /// HPO frequency terms as words.
    public static let frequencyNames = [
        "HP:0040280": "obligate (100%)", "HP:0040281": "very frequent (80–99%)", "HP:0040282": "frequent (30–79%)",
        "HP:0040283": "occasional (5–29%)", "HP:0040284": "very rare (1–4%)", "HP:0040285": "excluded (0%)",
    ]

    /// "not, may, frequency: frequent (30–79%), severity: mild, onset: …, context" (raw text from packs:
    /// callers that print to a terminal escape it).
    public static func notes(_ qualifiers: Qualifiers) -> String {
        var parts: [String] = []
        if qualifiers.isNegated { parts.append("not") }
        if let certainty = qualifiers.certainty { parts.append(certainty.rawValue) }
        if let frequency = qualifiers.frequency { parts.append("frequency: \(frequencyNames[frequency] ?? frequency)") }
        if let severity = qualifiers.severity { parts.append("severity: \(severity)") }
        if let onset = qualifiers.onset { parts.append("onset: \(onset)") }
        if let context = qualifiers.context { parts.append(context) }
        return parts.joined(separator: ", ")
    }
}
