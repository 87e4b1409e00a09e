import SymptomGraph

/// A path whose relation names are resolved to steps and whose inversions are pushed down to steps.
indirect enum ResolvedPath: Sendable, Hashable {
    case step(RelationStep)
    case sequence([ResolvedPath])
    case alternation([ResolvedPath])
    case oneOrMore(ResolvedPath)
    case zeroOrMore(ResolvedPath)
    case optional(ResolvedPath)

    /// The same path walked from its end to its start.
    var reversed: ResolvedPath {
        switch self {
        case let .step(step): .step(step.reversed)
        case let .sequence(parts): .sequence(parts.reversed().map(\.reversed))
        case let .alternation(parts): .alternation(parts.map(\.reversed))
        case let .oneOrMore(path): .oneOrMore(path.reversed)
        case let .zeroOrMore(path): .zeroOrMore(path.reversed)
        case let .optional(path): .optional(path.reversed)
        }
    }

    /// Resolves names against a graph, with a located error and suggestions for unknown relations.
    static func resolve(_ path: PathExpression, in graph: KnowledgeGraph) throws(QueryError) -> ResolvedPath {
        switch path {
        case let .relation(name, span):
            guard let step = graph.step(named: name) ?? graph.step(named: name.lowercased()) else {
                throw QueryError(.unknownRelation,
                    "unknown relation '\(name)'", at: span,
                    suggestions: Spelling.closest(to: name, among: graph.relationNames))
            }
            return .step(step)
        case let .variable(name, span):
            throw QueryError(.queryVariable, "a relation variable (?\(name)) must be the whole path of its clause", at: span)
        case let .inverse(inner): return try resolve(inner, in: graph).reversed
        case let .sequence(parts):
            var resolved: [ResolvedPath] = []
            for part in parts { resolved.append(try resolve(part, in: graph)) }
            return .sequence(resolved)
        case let .alternation(parts):
            var resolved: [ResolvedPath] = []
            for part in parts { resolved.append(try resolve(part, in: graph)) }
            return .alternation(resolved)
        case let .oneOrMore(inner): return .oneOrMore(try resolve(inner, in: graph))
        case let .zeroOrMore(inner): return .zeroOrMore(try resolve(inner, in: graph))
        case let .optional(inner): return .optional(try resolve(inner, in: graph))
        }
    }
}
