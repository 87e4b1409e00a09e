/// A parsed query: a core pattern or one of the special questions.
public indirect enum Query: Sendable, Equatable {
    /// A pattern of triples (the core language); question forms such as `symptoms of X` rewrite to this.
    case pattern(Pattern, Presentation)
    /// `describe X`: the entity card and the pattern `X ?relation ?entity`.
    case describe(Term, Pattern)
    /// `why X -> Y`: the shortest chain of assertions between two entities.
    case why(from: Term, to: Term)
    /// `near X within N`: every entity within N steps.
    case near(Term, radius: Int)
    /// `rank A, B, not C using lr from OMIM top 10`: a differential over disease annotations
    /// (`lr`, OMIM and 10 by default).
    case rank(RankRequest)
    /// A yes/no question (`does X cause Y`, `is X a symptom of Y`): yes, no or not known, with evidence.
    case ask(AskRequest)
    /// `how are X and Y related`: the short chains of assertions between two entities.
    case relate(Term, Term)
    /// `schema`, `list kinds`, `list relations`, `list KIND [matching TEXT]`: the vocabulary.
    case list(ListRequest)
    /// A query with `where` filters, `order by`, `limit` or `count` applied to its rows.
    case modified(Query, Modifiers)
}

/// A yes/no question: does `subject path object` hold?
public struct AskRequest: Sendable, Equatable {
    /// What is asked about.
    public var subject: Term
    /// The path that answers yes (ignored when ``kind`` is set).
    public var path: PathExpression
    /// The other end.
    public var object: Term
    /// For `is X a kind of Y` when Y is a kind name: the kind.
    public var kind: String?
    /// The question form (`does-cause`, `is-symptom-of`, …), reported in JSON.
    public var form: String
}

/// What `list` shows.
public enum ListRequest: Sendable, Equatable {
    /// Kinds with their parents.
    case kinds
    /// Relations with inverses, properties and external ids.
    case relations
    /// Kinds and relations together.
    case schema
    /// Entities, of a kind or all, whose names contain a text.
    case entities(kind: String?, matching: String?, span: Span)
}

/// Row filters and shaping after a query: `where frequency >= 50%`, `order by`, `limit`, `count`.
public struct Modifiers: Sendable, Equatable {
    /// Qualifier filters, all of which must hold.
    public var filters: [RowFilter] = []
    /// Sort by this column (`desc` reverses).
    public var orderBy: (column: String, descending: Bool, span: Span)?
    /// Keep at most this many rows.
    public var limit: Int?
    /// Answer with the number of rows instead of the rows.
    public var count = false

    public static func == (lhs: Modifiers, rhs: Modifiers) -> Bool {
        lhs.filters == rhs.filters && lhs.limit == rhs.limit && lhs.count == rhs.count
            && lhs.orderBy?.column == rhs.orderBy?.column && lhs.orderBy?.descending == rhs.orderBy?.descending
    }
}

/// One `where` filter over a row's derivations.
public struct RowFilter: Sendable, Equatable {
    /// What a filter can test.
    public enum Field: String, Sendable, CaseIterable {
        case frequency, certainty, severity, onset, context, negated, pack, source
    }
    /// The qualifier or provenance field.
    public var field: Field
    /// `=`, `!=`, `<`, `<=`, `>`, `>=`; for `negated`: `=` with value `true` or `false`.
    public var comparison: String
    /// The value compared with.
    public var value: String
    /// Where the filter was written.
    public var span: Span
}

/// The parts of a `rank` question.
public struct RankRequest: Sendable, Equatable {
    /// The findings present.
    public var findings: [Term]
    /// The findings known to be absent (`not C`).
    public var excluded: [Term]
    /// How terms are compared (default Resnik).
    public var similarity: String
    /// The disease database (default OMIM).
    public var database: String
    /// Where the question names the database (`from XYZ`), for an error about it; `nil` when
    /// the default is taken.
    public var databaseSpan: Span? = nil
    /// How many conditions to show (default 10).
    public var limit: Int
    /// For `explain rank D given …`: the one disease to explain, wherever it ranks.
    public var explain: Term? = nil
}

/// How a question form wants its answer shown.
public struct Presentation: Sendable, Equatable {
    /// The form's name (`symptoms`, `pattern`, …), reported in JSON output.
    public var form: String

    /// Creates a presentation.
    public init(form: String) { self.form = form }
}

/// A subject or object position: a variable or a name still to be resolved.
public enum Term: Sendable, Equatable, CustomStringConvertible {
    /// `?name`
    case variable(String, Span)
    /// An id, label or synonym.
    case name(String, Span)

    /// Where the term was written.
    public var span: Span {
        switch self {
        case let .variable(_, span), let .name(_, span): span
        }
    }

    /// The term as core syntax.
    public var description: String {
        switch self {
        case let .variable(name, _): "?" + name
        case let .name(text, _): Self.quoteIfNeeded(text)
        }
    }

    /// The text as a name in core syntax: bare when it is one word, else quoted.
    public static func quoteIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "_-:.".contains($0) }
            && !(text.first?.isNumber ?? false)
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// A path of relations between two terms: `has_symptom`, `^causes`, `is_a+`, `(a|b)/c*`.
public indirect enum PathExpression: Sendable, Equatable, CustomStringConvertible {
    /// One relation by name or inverse name.
    case relation(String, Span)
    /// `?r`: any single relation, bound to the variable.
    case variable(String, Span)
    /// `^p`: the path walked backwards.
    case inverse(PathExpression)
    /// `p/q`: p then q.
    case sequence([PathExpression])
    /// `p|q`: p or q.
    case alternation([PathExpression])
    /// `p+`: one or more times.
    case oneOrMore(PathExpression)
    /// `p*`: zero or more times.
    case zeroOrMore(PathExpression)
    /// `p?`: zero or one time.
    case optional(PathExpression)

    /// The path as core syntax.
    public var description: String {
        switch self {
        case let .relation(name, _): name
        case let .variable(name, _): "?" + name
        case let .inverse(path): "^" + path.atomDescription
        case let .sequence(parts): parts.map(\.atomDescription).joined(separator: "/")
        case let .alternation(parts): parts.map(\.description).joined(separator: "|")
        case let .oneOrMore(path): path.atomDescription + "+"
        case let .zeroOrMore(path): path.atomDescription + "*"
        case let .optional(path): path.atomDescription + "?"
        }
    }

    private var atomDescription: String {
        switch self {
        case .relation, .variable, .inverse, .oneOrMore, .zeroOrMore, .optional: description
        case .sequence, .alternation: "(" + description + ")"
        }
    }
}

/// One condition of a pattern.
public indirect enum Clause: Sendable, Equatable, CustomStringConvertible {
    /// `subject path object`
    case triple(Term, PathExpression, Term)
    /// `?x kind condition`: the entity is of a kind (or a narrower kind).
    case kind(Term, String, Span)
    /// `not clause` or `not (clause, clause)`: no way to satisfy the clauses exists.
    case not([Clause], Span)

    public var description: String {
        switch self {
        case let .triple(subject, path, object): "\(subject) \(path) \(object)"
        case let .kind(term, kind, _): "\(term) kind \(kind)"
        case let .not(clauses, _):
            clauses.count == 1 ? "not \(clauses[0])" : "not (" + clauses.map(\.description).joined(separator: ", ") + ")"
        }
    }
}

/// A conjunction of clauses with the variables to show.
public struct Pattern: Sendable, Equatable, CustomStringConvertible {
    /// The variables to show, in order; `nil` shows every variable in order of appearance.
    public var selection: [String]?
    /// The clauses, all of which must hold.
    public var clauses: [Clause]

    /// Creates a pattern.
    public init(selection: [String]? = nil, clauses: [Clause]) {
        self.selection = selection
        self.clauses = clauses
    }

    public var description: String {
        let body = clauses.map(\.description).joined(separator: ", ")
        guard let selection else { return body }
        return "select " + selection.map { "?" + $0 }.joined(separator: " ") + " where " + body
    }
}
