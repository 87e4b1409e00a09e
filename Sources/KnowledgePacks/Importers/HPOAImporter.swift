import SymptomGraph

/// Imports HPO annotations (`phenotype.hpoa`): every disease becomes an entity of kind `disease`
/// and every row an assertion from the disease to the HPO term, by aspect: P `has_symptom`,
/// I `has_inheritance`, C `has_course`, M `has_modifier`, H `has_history`.
///
/// Qualifier NOT makes the assertion negated. Frequency and onset become qualifiers; evidence,
/// sex and modifiers go to the context; references become the locator of the provenance.
/// Terms must already be in the graph (import the ontology first, in the same or a dependency pack).
public enum HPOAImporter: PackImporter {
    public static let format = "hpoa"
    public static let summary = "HPO annotation file (phenotype.hpoa)"

    static let relationByAspect = ["P": "has_symptom", "I": "has_inheritance", "C": "has_course",
                                   "M": "has_modifier", "H": "has_history"]

    public static func contribute(_ file: ImportedFile, to builder: inout GraphBuilder) -> [Diagnostic] {
        let bytes: [UInt8]
        switch file.bytes() {
        case let .success(read): bytes = read
        case let .failure(diagnostic): return [diagnostic]
        }
        var parser = HPOAParser(file: file.path)
        let annotations = parser.parse(bytes)
        if parser.diagnostics.hasErrors { return parser.diagnostics }
        return add(annotations, from: file, to: &builder)
    }

    static func add(_ file: HPOAnnotationFile, from source: ImportedFile, to builder: inout GraphBuilder) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var relations: [String: RelationID] = [:]
        for (aspect, name) in relationByAspect {
            guard let id = builder.relationID(for: name) else {
                return [.error("the '\(name)' relation is not declared; depend on the core pack", at: source.location)]
            }
            relations[aspect] = id
        }
        var unknownTerms = 0
        for row in file.annotations {
            let disease: EntityID
            if let existing = builder.entityID(for: row.diseaseID) {
                disease = existing
            } else {
                do throws(GraphError) {
                    try builder.addEntity(Entity(id: row.diseaseID, kind: "disease", label: row.diseaseName, pack: source.pack))
                } catch {
                    diagnostics.append(.error(error.description, at: SourceLocation(file: source.path, line: row.line, column: 1)))
                    continue
                }
                guard let added = builder.entityID(for: row.diseaseID) else { continue }
                disease = added
            }
            guard let term = builder.entityID(for: row.phenotypeID) ?? builder.entityID(forAlias: row.phenotypeID) else {
                unknownTerms += 1
                if unknownTerms <= 5 {
                    diagnostics.append(.warning("unknown HPO term \(row.phenotypeID)",
                                                at: SourceLocation(file: source.path, line: row.line, column: 1)))
                }
                continue
            }
            guard let relation = relations[row.aspect] else {
                diagnostics.append(.warning("unknown aspect '\(row.aspect)'", at: SourceLocation(file: source.path, line: row.line, column: 1)))
                continue
            }
            var context: [String] = []
            if !row.evidence.isEmpty { context.append("evidence: " + row.evidence) }
            if let sex = row.sex { context.append("sex: " + sex) }
            if !row.modifiers.isEmpty { context.append("modifiers: " + row.modifiers.joined(separator: ", ")) }
            let qualifiers = Qualifiers(
                frequency: row.frequency, onset: row.onset, isNegated: row.isNegated,
                context: context.isEmpty ? nil : context.joined(separator: "; "))
            let provenance = Provenance(
                pack: source.pack, source: source.source, locator: row.references.joined(separator: ";"))
            builder.addAssertion(subject: disease, relation: relation, object: term, qualifiers: qualifiers, provenance: provenance)
        }
        if unknownTerms > 5 {
            diagnostics.append(.warning("\(unknownTerms) rows name HPO terms that are not loaded", at: source.location))
        }
        return diagnostics
    }
}
