import SymptomGraph

/// The packs in use and the graph built from them.
///
/// A value: loading or unloading returns a new knowledge base, or throws and leaves this one
/// untouched, so a pack that fails validation can never half-load.
public struct KnowledgeBase: Sendable {
    /// The packs, in dependency order.
    public private(set) var packs: [PackContent]
    /// The graph built from them.
    public private(set) var graph: KnowledgeGraph
    /// Warnings found while building (domain and range, unused sources, missing locators).
    public private(set) var warnings: [Diagnostic]
    /// The packs whose imports were read from a compiled snapshot rather than from their files.
    public private(set) var packsFromSnapshots: [String]
    /// Compiled snapshots that were refused (stale or damaged), also among ``warnings``: worth
    /// showing on every load, since the pack then loads from its files, slowly.
    public private(set) var snapshotNotices: [Diagnostic]
    /// Prior probabilities the packs state for diseases, by concept position (a later pack's wins).
    public private(set) var priors: [Int32: Double] = [:]

    /// An empty knowledge base.
    public init() {
        packs = []
        graph = .empty
        warnings = []
        packsFromSnapshots = []
        snapshotNotices = []
    }

    /// Builds a knowledge base from packs; throws every error found, with locations.
    public init(packs: [PackContent]) throws(PackLoadError) {
        try self.init(packs: packs, openedSnapshots: [:])
    }

    /// Builds a knowledge base from packs with `snapshot` as the snapshot of the pack whose
    /// snapshot lies at `path`, instead of opening that file: one just compiled and not yet
    /// written (``PackCompiler``), or one decoded some other way (fuzzing assembles snapshots
    /// decoded without their checksum, as a load does before the checksum has answered).
    public init(packs: [PackContent], using snapshot: PackSnapshot, at path: String) throws(PackLoadError) {
        try self.init(packs: packs, openedSnapshots: [path: .success(snapshot)])
    }

    /// Builds a knowledge base from packs, taking the snapshots already opened (by path) instead of
    /// opening them again. `namespacesElsewhere` (namespace → pack id) names the packs that could
    /// be loaded but are not (a check loads a pack with its dependencies only), so that a
    /// reference into one of them is reported as the missing dependency it is.
    init(
        packs: [PackContent], openedSnapshots: consuming [String: Result<PackSnapshot, SnapshotError>],
        namespacesElsewhere: [String: String] = [:]
    ) throws(PackLoadError) {
        let (ordered, orderDiagnostics) = DependencyResolver.order(packs, alsoKnown: Set(namespacesElsewhere.values))
        var assembler = GraphAssembler()
        assembler.openedSnapshots = consume openedSnapshots
        assembler.namespacesElsewhere = namespacesElsewhere
        let graph = assembler.assemble(ordered)
        let diagnostics = orderDiagnostics + assembler.diagnostics
        if diagnostics.hasErrors { throw PackLoadError(diagnostics: diagnostics) }
        self.packs = ordered
        self.graph = graph
        var warnings = diagnostics
        for pack in ordered {
            for prior in pack.manifest.priors {
                guard let entity = graph.entityID(for: prior.disease) else {
                    warnings.append(.warning(.unknownEntity,
                        "prior for '\(prior.disease)', which no loaded pack defines; it is left out", at: prior.location))
                    continue
                }
                priors[Int32(graph.concept(of: entity).position)] = prior.probability
            }
        }
        self.warnings = warnings
        packsFromSnapshots = assembler.packsFromSnapshots
        snapshotNotices = assembler.snapshotNotices
    }

    /// A knowledge base with more packs; throws and changes nothing if any pack is invalid.
    public func adding(_ newPacks: [PackContent]) throws(PackLoadError) -> KnowledgeBase {
        try KnowledgeBase(packs: packs + newPacks)
    }

    /// A knowledge base without a pack; refuses when another pack depends on it.
    public func removing(_ id: String) throws(PackLoadError) -> KnowledgeBase {
        guard packs.contains(where: { $0.id == id }) else {
            throw PackLoadError(diagnostics: [.error(.packNotFound, "no pack '\(id)' is loaded", at: nil)])
        }
        let dependents = packs.filter { $0.manifest.dependencies.contains { $0.id == id } }.map(\.id)
        if !dependents.isEmpty {
            throw PackLoadError(diagnostics: [.error(.packInUse,
                "cannot unload '\(id)': \(dependents.joined(separator: ", ")) depend\(dependents.count == 1 ? "s" : "") on it",
                at: nil)])
        }
        return try KnowledgeBase(packs: packs.filter { $0.id != id })
    }

    /// The loaded pack with an id.
    public func pack(_ id: String) -> PackContent? { packs.first { $0.id == id } }
}
