/// A kind of entity (condition, symptom, trigger, …), declared by a knowledge pack.
///
/// Kinds form a small hierarchy through ``parent``: a `disease` whose parent is
/// `condition` answers a question about conditions.
public struct EntityKind: Sendable, Equatable {
    /// The kind's name as written in packs, e.g. `symptom` or `body-site`.
    public var name: String
    /// A human-readable label.
    public var label: String
    /// The name of the broader kind, if any.
    public var parent: String?
    /// What entities of this kind are.
    public var description: String?
    /// The pack that declared the kind.
    public var pack: String

    /// Creates a kind.
    public init(name: String, label: String? = nil, parent: String? = nil, description: String? = nil, pack: String) {
        self.name = name
        self.label = label ?? name
        self.parent = parent
        self.description = description
        self.pack = pack
    }
}
