import SymptomGraph

extension GraphError {
    /// The diagnostic id of this refusal (the graph knows nothing of diagnostics; the loader does).
    public var diagnosticID: DiagnosticID {
        switch self {
        case .duplicateKind: .duplicateKind
        case .duplicateRelation: .duplicateRelation
        case .unknownKind: .unknownKind
        case .duplicateEntity: .duplicateEntity
        case .unknownEntity: .unknownEntity
        case .unknownRelation: .unknownRelation
        case .segmentNotSelfContained: .importNotSelfContained
        }
    }
}

extension SnapshotError {
    /// The diagnostic id of this refusal.
    public var diagnosticID: DiagnosticID {
        switch self {
        case .missing: .fileNotFound
        case .incompatible: .snapshotIncompatible
        case .stale: .snapshotStale
        case .corrupt: .snapshotCorrupt
        case .cannotWrite: .snapshotWriteFailed
        }
    }
}
