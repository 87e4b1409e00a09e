import GraphExport
import SymptomGraph

/// Translates a question into SPARQL 1.1 that asks `symkb export --format turtle` the same thing.
///
/// Patterns (and every question form that rewrites to one), `describe` and yes/no questions
/// translate: relations become the predicates the export uses (an inverse name is `^p`, a
/// symmetric relation `(p|^p)`), paths keep their operators (`^ / | + * ?`), kinds become
/// `rdf:type` (the export states every kind above an entity's own), `not` becomes
/// `FILTER NOT EXISTS`, a relation variable a `UNION` over the relations with `VALUES` binding its
/// name, `limit` `LIMIT` and `count` `COUNT`. Names are resolved now, to the IRIs of the concepts
/// they name. Searches (`why`, `near`, `how are … related`, `rank`, `list`) and `where` filters
/// have no translation and are refused.
///
/// A zero-length path (`*`, `?`) between two variables ranges over every term of the data in
/// SPARQL, literals included; the translation keeps it to entities (`?x dcterms:identifier []`),
/// as symkb does. `limit` keeps rows in the store's order, not symkb's; the translation says so.
public struct SPARQLTranslator {
    let engine: QueryEngine
    var graph: KnowledgeGraph { engine.graph }
    let scheme: IRIScheme
    private var hidden = 0
    private var notes: [String] = []

    /// A translator for an engine's graph.
    public init(engine: QueryEngine) {
        self.engine = engine
        scheme = IRIScheme(graph: engine.graph)
    }

    /// The SPARQL for a query text.
    public static func translate(_ text: String, engine: QueryEngine) throws(QueryError) -> String {
        var translator = SPARQLTranslator(engine: engine)
        let query = try QueryParser.parse(text)
        do {
            return try translator.translate(query, text: text)
        } catch where [.unknownRelation, .unknownName].contains(error.id) {
            // Words the engine reads otherwise ("symtoms of ms", a misspelt question; "shortness
            // of breath", a name) get the error it gives, or are translated as the name described.
            do { _ = try engine.answer(text) } catch let better { throw better }
            let tokens = ((try? Lexer.tokenize(text)) ?? []).filter { $0.kind != .question }
            guard case .pattern = query, let name = QuestionForms.bareName(tokens) else { throw error }
            return try translator.translate(name, text: text)
        }
    }

    mutating func translate(_ query: Query, text: String) throws(QueryError) -> String {
        let whole = Span(0, text.count)
        var modifiers = Modifiers()
        var inner = query
        if case let .modified(base, mods) = query {
            guard mods.filters.isEmpty else {
                throw QueryError(.queryUnsupported, "'where' filters read qualifiers, which the export puts on reified statements; "
                    + "they are not translated to SPARQL", at: whole)
            }
            guard mods.orderBy == nil else {
                throw QueryError(.queryUnsupported, "'order by' sorts by labels and is not translated to SPARQL", at: whole)
            }
            modifiers = mods
            inner = base
        }
        let body: String
        switch inner {
        case let .pattern(pattern, _):
            body = try select(try engine.partsOnlyForConditions(pattern), modifiers: modifiers)
        case let .describe(_, pattern):
            body = try select(pattern, modifiers: modifiers)
        case let .ask(request):
            let group: String
            // As QueryEngine.answerAsk: `is X a Y` asks about kinds when Y is a kind and no entity's name.
            if let kindText = request.kind, let kind = engine.kindName(kindText),
               graph.resolve(kindText) == .none || graph.kind(named: kindText) != nil {
                group = try kindTriple(request.subject, kind, span: request.subject.span)
            } else {
                let path = try engine.partsOnlyForConditions(request.path, subject: request.subject)
                group = "\(try term(request.subject)) \(try self.path(ResolvedPath.resolve(path, in: graph))) \(try term(request.object)) ."
            }
            body = "ASK {\n  " + group + "\n}"
        case .why, .relate:
            throw Self.refusal("a 'why' or 'how are … related' question searches for the shortest chains of assertions, which "
                + "SPARQL cannot rank; ask for one path instead, e.g. 'A causes+ B' or 'A (causes|triggers)+ ?x'", at: whole)
        case .near:
            throw Self.refusal("'near' collects everything within N steps over any relation, which SPARQL property paths cannot "
                + "bound; ask for a path instead, e.g. 'X ?r ?y' or 'X ?r ?y, ?y ?s ?z'", at: whole)
        case .rank:
            throw Self.refusal("'rank' scores diseases (information content, likelihood ratios), which is not a query of the data", at: whole)
        case .list:
            throw Self.refusal("lists of kinds, relations and entities read symkb's vocabulary; in the export they are "
                + "'?k a rdfs:Class' and '?r a owl:ObjectProperty'", at: whole)
        case .modified:
            throw Self.refusal("only one 'limit' or 'count' applies to a question", at: whole)
        }
        let header = ["# SPARQL 1.1 for the RDF of 'symkb export --format turtle' (docs/EXPORT.md)",
                      "# symkb: " + text.replacingOccurrences(of: "\n", with: " ")] + notes.map { "# " + $0 }
        let prefixes = IRIScheme.prefixes.map { "PREFIX \($0.prefix): <\($0.iri)>" }
        return (header + prefixes).joined(separator: "\n") + "\n" + body + "\n"
    }

    private mutating func select(_ pattern: Pattern, modifiers: Modifiers) throws(QueryError) -> String {
        // The columns symkb shows: variables in order of appearance, those of positive clauses only.
        var variables: [String] = []
        collect(pattern.clauses, into: &variables)
        let positive = QueryEngine.positiveVariables(pattern.clauses)
        let shown = pattern.selection ?? variables.filter { !$0.hasPrefix("_") && positive.contains($0) }
        let group = try group(pattern.clauses, indent: "  ")
        // A pattern that shows no variable asks whether it holds, as symkb answers it: yes or no.
        if shown.isEmpty, !modifiers.count { return "ASK {\n" + group + "}" }
        let projection = shown.map { "?" + $0 }.joined(separator: " ")
        var text = "SELECT DISTINCT \(projection.isEmpty ? "*" : projection) WHERE {\n" + group + "}"
        if modifiers.count { text = "SELECT (COUNT(*) AS ?count) WHERE {\n  {\n" + text.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n  }\n}" }
        if let limit = modifiers.limit, !modifiers.count {
            let note = "symkb sorts the answers before it keeps \(limit); SPARQL keeps \(limit) in the store's order, so they may differ"
            if !notes.contains(note) { notes.append(note) }
            text += "\nLIMIT \(limit)"
        }
        return text
    }

    private func collect(_ clauses: [Clause], into variables: inout [String]) {
        func add(_ term: Term) { if case let .variable(name, _) = term, !variables.contains(name) { variables.append(name) } }
        for clause in clauses {
            switch clause {
            case let .triple(subject, path, object):
                add(subject)
                if case let .variable(name, _) = path, !variables.contains(name) { variables.append(name) }
                add(object)
            case let .kind(term, _, _): add(term)
            case let .not(inner, _): collect(inner, into: &variables)
            }
        }
    }

    private mutating func group(_ clauses: [Clause], indent: String) throws(QueryError) -> String {
        var text = ""
        for clause in clauses {
            switch clause {
            case let .triple(subject, .variable(name, _), object):
                text += try relationVariable(subject, name, object, indent: indent)
            case let .triple(subject, written, object):
                // Resolved as the evaluator resolves it (names in any case, inversions pushed to the steps).
                let path = try ResolvedPath.resolve(written, in: graph)
                text += indent + "\(try term(subject)) \(self.path(path)) \(try term(object)) .\n"
                // A zero-length path between two variables ranges over every term of the data in
                // SPARQL (labels too), over every entity in symkb: keep SPARQL to the entities.
                if case let .variable(name, _) = subject, case .variable = object, path.canBeEmpty {
                    text += indent + "?\(name) dcterms:identifier [] .\n"
                }
            case let .kind(term, kind, span):
                text += indent + (try kindTriple(term, kind, span: span)) + "\n"
            case let .not(inner, _):
                text += indent + "FILTER NOT EXISTS {\n" + (try group(inner, indent: indent + "  ")) + indent + "}\n"
            }
        }
        return text
    }

    private func kindTriple(_ subject: Term, _ kind: String, span: Span) throws(QueryError) -> String {
        guard graph.kind(named: kind) != nil else {
            throw QueryError(.unknownKind, "unknown kind '\(kind)'", at: span, suggestions: Spelling.closest(to: kind, among: graph.kinds.map(\.name)))
        }
        return "\(try term(subject)) a \(IRIScheme.shortened(IRIScheme.kind(kind))) ."
    }

    /// `?s ?r ?o`: every relation in both directions, with `?r` bound to the name it is read by.
    private mutating func relationVariable(_ subject: Term, _ name: String, _ object: Term, indent: String) throws(QueryError) -> String {
        hidden += 1
        let predicate = "?_p\(hidden)"
        var forward: [String] = [], backward: [String] = []
        for (position, relation) in graph.relations.enumerated() {
            guard let step = graph.step(named: relation.name) else { continue }
            let iri = IRIScheme.shortened(scheme.relationIRIs[position])
            forward.append("(\(iri) \(Self.literal(graph.name(of: step))))")
            backward.append("(\(iri) \(Self.literal(graph.name(of: step.reversed))))")
        }
        let (s, o) = (try term(subject), try term(object))
        return indent + "{ \(s) \(predicate) \(o) . VALUES (\(predicate) ?\(name)) { \(forward.joined(separator: " ")) } }\n"
            + indent + "UNION\n"
            + indent + "{ \(o) \(predicate) \(s) . VALUES (\(predicate) ?\(name)) { \(backward.joined(separator: " ")) } }\n"
    }

    private func term(_ term: Term) throws(QueryError) -> String {
        switch term {
        case let .variable(name, _): return "?" + name
        case let .name(name, span): return IRIScheme.shortened(IRIScheme.entity(graph[try engine.entity(named: name, at: span)].id))
        }
    }

    /// A property path: a step is its predicate (`^p` read backwards, `(p|^p)` when symmetric).
    func path(_ path: ResolvedPath) -> String {
        switch path {
        case let .step(step):
            let iri = IRIScheme.shortened(scheme.relationIRIs[step.relation.position])
            if graph.relations[step.relation.position].isSymmetric { return "(\(iri)|^\(iri))" }
            return step.isInverse ? "^" + iri : iri
        case let .sequence(parts): return parts.map { "(" + self.path($0) + ")" }.joined(separator: "/")
        case let .alternation(parts): return "(" + parts.map { self.path($0) }.joined(separator: "|") + ")"
        case let .oneOrMore(inner): return "(" + self.path(inner) + ")+"
        case let .zeroOrMore(inner): return "(" + self.path(inner) + ")*"
        case let .optional(inner): return "(" + self.path(inner) + ")?"
        }
    }

    static func refusal(_ reason: String, at span: Span) -> QueryError {
        QueryError(.queryUnsupported, "no SPARQL translation: " + reason, at: span)
    }

    static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension ResolvedPath {
    /// Whether the path matches zero steps (`p*`, `p?`, or a sequence or alternation of such).
    var canBeEmpty: Bool {
        switch self {
        case .step, .oneOrMore: false
        case .zeroOrMore, .optional: true
        case let .sequence(parts): parts.allSatisfy(\.canBeEmpty)
        case let .alternation(parts): parts.contains(where: \.canBeEmpty)
        }
    }
}
