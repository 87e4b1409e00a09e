/// What kind of problem a ``Diagnostic`` reports: a stable, documented name that scripts, pack
/// tests and editors can rely on while the wording of messages improves.
///
/// Every id is listed with an explanation in `docs/DIAGNOSTICS.md` (a test keeps the two in step).
/// Printed after the message as `[id]`, and as `"id"` in JSON.
public enum DiagnosticID: String, CaseIterable, Sendable, Codable {
    // Files and text
    case fileNotFound = "file-not-found"
    case fileUnreadable = "file-unreadable"
    case fileOutsidePack = "file-outside-pack"
    case fileNotRead = "file-not-read"
    case fileWriteFailed = "file-write-failed"
    case textEncoding = "text-encoding"

    // YAML
    case yamlSyntax = "yaml-syntax"
    case yamlDuplicateKey = "yaml-duplicate-key"
    case yamlTooLarge = "yaml-too-large"
    case yamlShape = "yaml-shape"
    case unknownKey = "unknown-key"

    // Manifests and the pack catalog
    case packNotFound = "pack-not-found"
    case manifestInvalid = "manifest-invalid"
    case packFormat = "pack-format"
    case unknownImportFormat = "unknown-import-format"
    case unknownSource = "unknown-source"
    case duplicateSource = "duplicate-source"
    case unusedSource = "unused-source"
    case duplicatePack = "duplicate-pack"
    case packWarnings = "pack-warnings"
    case missingDependency = "missing-dependency"
    case dependencyVersion = "dependency-version"
    case dependencyCycle = "dependency-cycle"
    case namespaceOwned = "namespace-owned"
    case packReplaced = "pack-replaced"
    case packInUse = "pack-in-use"

    // Entities, relations and assertions
    case duplicateKind = "duplicate-kind"
    case duplicateRelation = "duplicate-relation"
    case unknownKind = "unknown-kind"
    case duplicateEntity = "duplicate-entity"
    case unknownEntity = "unknown-entity"
    case unknownRelation = "unknown-relation"
    case unknownNamespace = "unknown-namespace"
    case domainRange = "domain-range"
    case invalidID = "invalid-id"
    case invalidOntologyID = "invalid-ontology-id"
    case invalidAssertion = "invalid-assertion"
    case unknownCertainty = "unknown-certainty"
    case missingProvenance = "missing-provenance"
    case missingDisclaimer = "missing-disclaimer"
    case relationCycle = "relation-cycle"
    case kindCycle = "kind-cycle"
    case unusedDefinition = "unused-definition"
    case contradictoryAssertions = "contradictory-assertions"
    case duplicateLabel = "duplicate-label"
    case conceptConflict = "concept-conflict"
    case invalidXref = "invalid-xref"
    case unresolvedXref = "unresolved-xref"
    case importNotSelfContained = "import-not-self-contained"

    // Importers
    case importNeedsCore = "import-needs-core"
    case oboSyntax = "obo-syntax"
    case oboNoTerms = "obo-no-terms"
    case hpoaSyntax = "hpoa-syntax"
    case hpoaNoRows = "hpoa-no-rows"
    case unknownTerm = "unknown-term"
    case obsoleteTerm = "obsolete-term"
    case replacementCycle = "replacement-cycle"
    case invalidFrequency = "invalid-frequency"
    case unknownAspect = "unknown-aspect"
    case diseaseName = "disease-name"

    // Snapshots
    case snapshotIncompatible = "snapshot-incompatible"
    case snapshotStale = "snapshot-stale"
    case snapshotCorrupt = "snapshot-corrupt"
    case snapshotWriteFailed = "snapshot-write-failed"
    case nothingToCompile = "nothing-to-compile"

    // Queries
    case querySyntax = "query-syntax"
    case unknownQuestion = "unknown-question"
    case queryTooDeep = "query-too-deep"
    case queryTooLong = "query-too-long"
    case unknownName = "unknown-name"
    case uninformativeFinding = "uninformative-finding"
    case ambiguousName = "ambiguous-name"
    case queryVariable = "query-variable"
    case queryFilter = "query-filter"
    case queryTooLarge = "query-too-large"
    case queryUnsupported = "query-unsupported"
    case queryCancelled = "query-cancelled"
    case partialAnswer = "partial-answer"

    // The shell and the command line
    case usage = "usage"
    case packTestFailed = "pack-test-failed"
    case packTestInvalid = "pack-test-invalid"
    case interviewAnswer = "interview-answer"
    case phenopacketInvalid = "phenopacket-invalid"
    case toolMissing = "tool-missing"
    case toolFailed = "tool-failed"
    case exportRefused = "export-refused"
    case exportLeftOut = "export-left-out"

    /// A remark attached to another diagnostic, e.g. "first defined here".
    case note = "note"
}
