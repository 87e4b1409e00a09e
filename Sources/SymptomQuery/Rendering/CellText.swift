import GraphExport
import KnowledgePacks
import SymptomGraph

/// Plain-text forms of values, qualifiers and provenance, shared by the text renderers.
package struct CellText {
    let graph: KnowledgeGraph
    /// Whether line breaks are kept (CSV, whose quoted fields hold them) rather than read as
    /// spaces (a table row is one line).
    var keepsLineBreaks = false

    /// Text from a pack made safe for a terminal (see ``TerminalText``): a line break or a tab
    /// (an OBO definition's `\n`) reads as a space, any other control character is escaped.
    static func clean(_ text: String) -> String {
        guard !TerminalText.isPrintableASCII(text), text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) else {
            return TerminalText.escaped(text)
        }
        let spaced = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\t", with: " ")
        return TerminalText.escaped(spaced)
    }

    /// Text from a pack made safe for a terminal, its line breaks kept when ``keepsLineBreaks``
    /// (a CR LF pair as LF: a bare CR, which moves a terminal's cursor back over the line, is
    /// escaped; `export --format csv` writes files, with the text as it is).
    func clean(_ text: String) -> String {
        guard keepsLineBreaks else { return Self.clean(text) }
        return TerminalText.escaped(text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text, keepingNewlines: true)
    }

    func text(_ value: QueryResult.Value) -> String {
        switch value {
        case let .entity(entity): clean(graph.label(of: entity))
        case let .relation(step): graph.name(of: step)
        case let .integer(number): String(number)
        case let .text(text): clean(text)
        case let .number(number): Self.number(number)
        }
    }

    /// A number to four decimal places, except one so small that they would show it as 0.0000
    /// (a post-test probability of 0.00003 is not none): then to three significant digits.
    package static func number(_ value: Double) -> String {
        if value != 0, value.isFinite, abs(value) < 0.00005 { return String(format: "%.2e", value) }
        return String(format: "%.4f", value)
    }

    /// The annotations of `disease` (the row's, when known) to `term`, including those that
    /// state absence.
    private func annotations(of disease: EntityID?, to term: EntityID) -> [AssertionID] {
        guard let disease else { return [] }
        return graph.assertions(from: disease).filter { graph[$0].object == term }
    }

    /// "Tingling → Paresthesia (HP:0003401) via Paresthesia, IC 5.12, similarity 5.12", of the
    /// row of `disease` when known: then a frequency the ranker assumed says so, and a similarity
    /// to a finding the disease is stated not to show (frequency 0/9, which this method counts,
    /// as hpo3 does) says that too.
    func match(_ match: FindingMatch, of disease: EntityID? = nil) -> String {
        let finding = "\(graph[match.finding].label) (\(graph[match.finding].id))"
        if let ratio = match.likelihoodRatio, let kind = match.kind {
            let lead = (match.isExcluded ? "not " : "") + finding
            let ratioText = ratio >= 100 || ratio < 0.01 ? String(format: "LR %.3g", ratio) : String(format: "LR %.2f", ratio)
            if kind == .redundant { return clean(lead + " → implied by a more specific finding given, " + ratioText) }
            guard let matched = match.matched else {
                return clean(lead + (match.isExcluded ? " → not among its annotations, " : " → no annotation explains it, ") + ratioText)
            }
            let term = "\(graph[matched].label) (\(graph[matched].id))"
            let how: String
            switch kind {
            case .exact: how = "annotated"
            case .implied: how = "annotated below it:"
            case .specific: how = "annotated above it:"
            case .related:
                how = "related through " + (match.commonAncestor.map { "\(graph[$0].label) (\(graph[$0].id))" } ?? "a common ancestor") + " to"
            case .unexplained: how = "no annotation explains it"
            case .contradicted: how = "known not to show"
            case .redundant: how = "implied by a more specific finding given"
            }
            let frequency = kind == .contradicted ? "" : match.frequency.map { frequencyText($0, of: disease, to: matched) } ?? ""
            return clean(lead + " → " + (kind == .exact ? how + frequency : how + " " + term + frequency) + ", " + ratioText)
        }
        guard let matched = match.matched, let ancestor = match.commonAncestor else { return clean(finding + " → no match") }
        // Counted as hpo3 counts it, but said: the disease is stated not to show the term matched.
        let absent = annotations(of: disease, to: matched).first { graph.statesAbsence($0) }
        let caveat = absent.map { assertion in
            "; but stated absent" + (graph.qualifiers(of: assertion).frequency.map { " (frequency \($0))" } ?? "")
                + ", which this method counts as hpo3 does (using lr weighs it)"
        } ?? ""
        return clean(finding) + clean(" → \(graph[matched].label) (\(graph[matched].id)) via \(graph[ancestor].label) (\(graph[ancestor].id)), "
            + String(format: "IC %.3f, similarity %.3f", match.informationContent, match.similarity) + caveat)
    }

    /// How the ranker came by a frequency of `disease` for `term`: " at 17%" when an annotation
    /// states it; else as assumed, with the source's hedge ("may") when the annotation gives one;
    /// for a term reached only through a pack's own findings, the least of the steps.
    private func frequencyText(_ value: Double, of disease: EntityID?, to term: EntityID) -> String {
        let percent = String(format: "%.0f%%", value * 100)
        guard let disease else { return " at " + percent }
        let direct = annotations(of: disease, to: term)
        if direct.isEmpty { return " (through the pack's own findings; the least certain step: \(percent))" }
        if direct.contains(where: { graph.qualifiers(of: $0).frequency != nil }) { return " at " + percent }
        if let hedge = direct.lazy.compactMap({ self.graph.qualifiers(of: $0).certainty }).first(where: { $0 != .always }) {
            return " (no frequency stated, '\(hedge.rawValue)': \(percent) assumed)"
        }
        return " (no frequency stated: \(percent) assumed)"
    }

    /// "may, severity: mild to complete, onset: over time, in the most severe form".
    func notes(_ qualifiers: Qualifiers) -> String { clean(QualifierText.notes(qualifiers, in: graph)) }

    /// "Tremor: frequency: 1/5; Spasticity: frequency: 4/14": each finding's qualifiers, named.
    func notes(_ labelled: [(finding: EntityID, qualifiers: Qualifiers)]) -> String {
        // Two annotations that read the same ("Tremor: evidence: TAS") are said once.
        var said = Set<String>()
        return clean(labelled.compactMap { finding, qualifiers in
            let words = QualifierText.notes(qualifiers, in: graph)
            let note = graph[finding].label + ": " + words
            return words.isEmpty || !said.insert(note).inserted ? nil : note
        }.joined(separator: "; "))
    }

    /// "OMIM:277900: frequency: 1/14; ORPHA:905: frequency: very frequent (80–99%)": what each
    /// entry's assertions say, named by its id (the entries share their name).
    func notes(bySubject labelled: [(subject: EntityID, qualifiers: Qualifiers)]) -> String {
        clean(labelled.compactMap { subject, qualifiers in
            let words = QualifierText.notes(qualifiers, in: graph)
            return words.isEmpty ? nil : graph[subject].id + ": " + words
        }.joined(separator: "; "))
    }

    /// "ms-spasms-article p1.s2 p1.s3" for the assertions behind a row, grouped by source.
    func sources(_ evidence: [AssertionID]) -> String {
        var order: [String] = []
        var locators: [String: [String]] = [:]
        for assertion in evidence {
            let provenance = graph.provenance(of: assertion)
            let key = provenance.source.isEmpty ? provenance.pack : provenance.source
            if locators[key] == nil { order.append(key) }
            if let locator = provenance.locator, !(locators[key]?.contains(locator) ?? false) {
                locators[key, default: []].append(locator)
            } else if locators[key] == nil {
                locators[key] = []
            }
        }
        return clean(order.map { ([$0] + (locators[$0] ?? [])).joined(separator: " ") }.joined(separator: "; "))
    }

    /// "Lhermitte's sign triggered by Neck movement (may) [multiple-sclerosis: ms-spasms-article p2.s2]".
    func explanation(_ assertion: AssertionID) -> String {
        let qualifiers = graph.qualifiers(of: assertion)
        let provenance = graph.provenance(of: assertion)
        var line = QualifierText.statement(of: assertion, in: graph)
        // The statement says the negation (NOT, or a frequency of none) already.
        let notes = clean(QualifierText.notes(qualifiers, in: graph, negationSaid: qualifiers.statesAbsence))
        if !notes.isEmpty { line += " (\(notes))" }
        var place = provenance.pack
        if !provenance.source.isEmpty { place += ": " + provenance.source }
        if let locator = provenance.locator { place += " " + locator }
        return clean(line + " [" + place + "]")
    }
}
