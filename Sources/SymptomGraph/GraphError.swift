/// Why a ``GraphBuilder`` refused a kind, relation, entity or assertion.
///
/// The builder knows nothing of files; the pack loader attaches the file, line and column.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A kind name was declared twice.
    case duplicateKind(String, firstPack: String)
    /// A relation name (or inverse name) was declared twice.
    case duplicateRelation(String, firstPack: String)
    /// A kind's parent or an entity's kind is not declared.
    case unknownKind(String)
    /// An entity id was defined twice.
    case duplicateEntity(String, firstPack: String)
    /// A reference names no entity.
    case unknownEntity(String)
    /// A relation name is not declared.
    case unknownRelation(String)
    /// What was added since a mark refers to an entity added before it, so it is not self-contained.
    case segmentNotSelfContained(String)

    public var description: String {
        switch self {
        case let .duplicateKind(name, pack): "kind '\(name)' is already declared by pack '\(pack)'"
        case let .duplicateRelation(name, pack): "relation '\(name)' is already declared by pack '\(pack)'"
        case let .unknownKind(name): "unknown kind '\(name)'"
        case let .duplicateEntity(id, pack): "entity '\(id)' is already defined by pack '\(pack)'"
        case let .unknownEntity(id): "unknown entity '\(id)'"
        case let .unknownRelation(name): "unknown relation '\(name)'"
        case let .segmentNotSelfContained(id): "the import refers to '\(id)', which another pack defines"
        }
    }
}
