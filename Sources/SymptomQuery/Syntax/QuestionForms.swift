import SymptomGraph

/// The friendly questions on top of the core language, each a documented rewrite into a pattern.
///
/// ``catalog`` is the one list of forms: the parser reads its phrases, the REPL completes them,
/// and `.help questions` prints them with their rewrites. Phrasing is tolerant: a trailing `?`,
/// a leading `what are the` / `what is the` / `list the` / `show me the` / `tell me about`, and an
/// article (`the`, `a`, `an`) before a name are ignored; a query that is only a name describes it.
///
/// **Questions about a condition use the facts stated about its symptoms.** `course of`,
/// `advice for`, `mechanism of`, `effects of` and `does X cause Y` walk one optional `has_symptom`
/// step first (`has_symptom?/…`): the article describes *MS spasms*, which multiple sclerosis
/// has as a symptom, so `advice for ms` answers with that advice, and the evidence shows the step.
public enum QuestionForms {
    /// One question form: what a person types, and what it means.
    public struct Form: Sendable {
        /// The phrases that start the form (`symptoms of`, `what are the symptoms of`).
        public let phrases: [String]
        /// The name of the form, reported in JSON as `form`.
        public let name: String
        /// The core pattern it becomes (`X` and `Y` stand for the names).
        public let rewrite: String
        /// An example that runs against the bundled packs.
        public let example: String
        /// What the name after the phrase stands for, when one relation says it (completion
        /// offers only such names): `symptoms of` X, X the subject of `has_symptom`.
        public var slot: NameSlot?
    }

    /// A name's place in a question: the subject (or object) of a relation.
    public struct NameSlot: Sendable, Equatable {
        public let relation: String
        public let nameIsSubject: Bool
    }

    /// The slot of a form's name when its path begins with one relation that is not optional:
    /// `has_symptom+` (symptoms of), not `has_symptom?/…` or `causes|mechanism_of`.
    static func slot(ofPath path: String, nameIsSubject: Bool) -> NameSlot? {
        let relation = path.prefix { $0.isLetter || $0 == "_" }
        let rest = path.dropFirst(relation.count)
        guard !relation.isEmpty, rest.first.map({ "+*/".contains($0) }) ?? true, !path.contains("|") else { return nil }
        return NameSlot(relation: String(relation), nameIsSubject: nameIsSubject)
    }

    /// The ends of yes/no questions that name a second thing, and its slot: `is tremor a
    /// symptom of` X, X the subject of `has_symptom`.
    public static let askTails: [(words: [String], slot: NameSlot)] = [
        (["a", "symptom", "of"], NameSlot(relation: "has_symptom", nameIsSubject: true)),
        (["a", "sign", "of"], NameSlot(relation: "has_symptom", nameIsSubject: true)),
        (["a", "feature", "of"], NameSlot(relation: "has_symptom", nameIsSubject: true)),
        (["a", "kind", "of"], NameSlot(relation: "is_a", nameIsSubject: false)),
        (["a", "type", "of"], NameSlot(relation: "is_a", nameIsSubject: false)),
        (["a", "form", "of"], NameSlot(relation: "is_a", nameIsSubject: false)),
    ]

    /// A form that reads one name and becomes one clause.
    struct Simple {
        let phrases: [[String]]
        let form: String
        let variable: String
        let path: String
        /// `true`: `X path ?var`; `false`: `?var path X`.
        let subjectIsName: Bool
        let example: String
        /// Words that may follow the name and are dropped (`what makes X happen`).
        var trailing: Set<String> = []
        /// Whether one of the trailing words must end the question (`how does X progress`).
        var requiresTrailing = false
    }

    /// `has_symptom?/` before a path: a condition's own facts and those of its symptoms.
    static let effectsPath = "has_symptom?/(causes+|exacerbates|may_lead_to|triggers)"
    static let findingPath = "has_symptom+/is_a*"
    /// What `does X cause Y` asks: a condition causes its symptoms too ("can ms cause tingling"),
    /// besides what it and they cause, set off or lead to. Making something worse is not causing
    /// it: a "not known" answer then says how the two are linked.
    static let causesPath = "(has_symptom+)|(has_symptom?/(causes+|may_lead_to|triggers))"

    /// The forms that answer about a condition from its symptoms' facts (their path starts
    /// `has_symptom?/`): their rows say which symptom a fact is stated of.
    static let formsThroughSymptoms = Set(simpleForms.filter { $0.path.hasPrefix("has_symptom?/") }.map(\.form))

    static let simpleForms: [Simple] = [
        Simple(phrases: [["symptoms", "of"], ["signs", "of"], ["signs", "and", "symptoms", "of"], ["findings", "of"],
                         ["symptom", "of"], ["sign", "of"], ["finding", "of"], ["feature", "of"], ["symptoms", "for"],
                         ["signs", "for"], ["features", "of"]],
               form: "symptoms", variable: "symptom", path: "has_symptom+", subjectIsName: true,
               example: "symptoms of multiple sclerosis"),
        Simple(phrases: [["which", "symptoms", "does"], ["what", "symptoms", "does"], ["what", "signs", "does"],
                         ["which", "signs", "does"], ["what", "kind", "of", "symptoms", "does"], ["what", "symptoms", "do"],
                         ["what", "symptoms", "can"], ["what", "kinds", "of", "symptoms", "does"], ["which", "symptoms", "do"],
                         ["symptoms", "does"], ["symptoms", "do"], ["signs", "does"], ["symptoms", "can"]],
               form: "symptoms", variable: "symptom", path: "has_symptom+", subjectIsName: true,
               example: "what symptoms does ms have",
               trailing: ["have", "cause", "show", "give", "produce", "bring"], requiresTrailing: true),
        Simple(phrases: [["what", "triggers"], ["triggers", "of"], ["triggers", "for"], ["what", "can", "trigger"],
                         ["what", "sets", "off"], ["what", "is", "triggering"], ["what", "could", "trigger"], ["what", "might", "trigger"]],
               form: "triggers", variable: "trigger", path: "triggers", subjectIsName: false,
               example: "what triggers Lhermitte's sign"),
        Simple(phrases: [["how", "is"], ["how", "are"]],
               form: "triggers", variable: "trigger", path: "triggers", subjectIsName: false,
               example: "how is Lhermitte's sign triggered", trailing: ["triggered", "provoked"], requiresTrailing: true),
        Simple(phrases: [["what", "makes"], ["what", "brings", "on"], ["what", "brings", "about"], ["what", "leads", "to"]],
               form: "triggers-and-causes", variable: "cause", path: "triggers|causes|mechanism_of|may_result_from",
               subjectIsName: false, example: "what makes Lhermitte's sign happen", trailing: ["happen", "start", "occur", "appear"]),
        Simple(phrases: [["what", "causes"], ["causes", "of"], ["cause", "of"], ["what", "is", "behind"], ["what", "is", "causing"],
                         ["what", "can", "cause"], ["what", "could", "cause"], ["what", "might", "cause"]],
               form: "causes", variable: "cause", path: "causes|mechanism_of", subjectIsName: false,
               example: "what causes ms spasms"),
        Simple(phrases: [["effects", "of"], ["effect", "of"], ["consequences", "of"], ["consequence", "of"], ["complications", "of"],
                         ["complication", "of"], ["what", "happens", "with"],
                         ["what", "happens", "in"], ["what", "happens", "after"], ["what", "can", "happen", "with"]],
               form: "effects", variable: "effect", path: effectsPath, subjectIsName: true,
               example: "effects of ms spasms"),
        Simple(phrases: [["what", "makes", "worse"]], form: "exacerbated-by", variable: "factor", path: "exacerbates",
               subjectIsName: false, example: "what makes ms spasms worse"),
        Simple(phrases: [["what", "worsens"], ["what", "aggravates"], ["what", "exacerbates"], ["what", "can", "worsen"],
                         ["what", "could", "worsen"]],
               form: "exacerbated-by", variable: "factor", path: "exacerbates", subjectIsName: false,
               example: "what worsens ms spasms"),
        Simple(phrases: [["course", "of"], ["prognosis", "of"], ["outlook", "for"], ["progression", "of"]],
               form: "course", variable: "course", path: "has_symptom?/has_course", subjectIsName: true,
               example: "course of ms"),
        Simple(phrases: [["how", "does"], ["how", "do"], ["how", "will"]],
               form: "course", variable: "course", path: "has_symptom?/has_course", subjectIsName: true,
               example: "how does ms progress", trailing: ["progress", "develop", "evolve", "change"], requiresTrailing: true),
        Simple(phrases: [["where", "is"], ["where", "are"], ["location", "of"], ["where", "does"], ["where", "do"]],
               form: "location", variable: "location", path: "located_in", subjectIsName: true,
               example: "where is Lhermitte's sign felt",
               trailing: ["felt", "located", "found", "experienced", "occur", "happen", "hurt", "appear"]),
        Simple(phrases: [["mechanism", "of"], ["mechanisms", "of"]],
               form: "mechanism", variable: "mechanism", path: "has_symptom?/has_mechanism", subjectIsName: true,
               example: "mechanism of ms spasms"),
        Simple(phrases: [["advice", "for"], ["advice", "about"], ["advice", "on"], ["what", "should", "i", "do", "about"],
                         ["what", "can", "i", "do", "about"], ["what", "to", "do", "about"], ["what", "do", "i", "do", "about"],
                         ["how", "to", "manage"], ["how", "do", "i", "manage"], ["how", "do", "i", "treat"], ["how", "to", "treat"],
                         ["how", "can", "i", "treat"], ["treatment", "for"], ["treatment", "of"], ["treatments", "for"],
                         ["what", "helps", "with"], ["what", "helps", "against"], ["how", "do", "i", "stop"], ["how", "to", "stop"],
                         ["how", "can", "i", "stop"], ["how", "do", "i", "deal", "with"], ["how", "to", "deal", "with"],
                         ["when", "should", "i", "see", "a", "doctor", "about"], ["when", "to", "see", "a", "doctor", "about"],
                         ["should", "i", "see", "a", "doctor", "about"], ["what", "helps"]],
               form: "advice", variable: "advice", path: "has_symptom?/has_advice", subjectIsName: true,
               example: "what should I do about ms spasms"),
        Simple(phrases: [["inheritance", "of"], ["mode", "of", "inheritance", "of"], ["modes", "of", "inheritance", "of"]],
               form: "inheritance", variable: "inheritance", path: "has_inheritance", subjectIsName: true,
               example: "inheritance of multiple sclerosis"),
        Simple(phrases: [["how", "is"], ["how", "are"], ["is"], ["are"]],
               form: "inheritance", variable: "inheritance", path: "has_inheritance", subjectIsName: true,
               example: "is multiple sclerosis hereditary",
               trailing: ["inherited", "hereditary", "genetic", "heritable", "familial"], requiresTrailing: true),
        Simple(phrases: [["ancestors", "of"], ["parents", "of"]],
               form: "ancestors", variable: "ancestor", path: "is_a+", subjectIsName: true,
               example: "ancestors of multiple sclerosis"),
        Simple(phrases: [["descendants", "of"], ["subtypes", "of"], ["kinds", "of"], ["types", "of"]],
               form: "descendants", variable: "descendant", path: "is_a+", subjectIsName: false,
               // By id: with the HPO's annotations loaded, "autoimmune disease" also names OMIM:109100.
               example: "descendants of ms:autoimmune-disease"),
    ]

    /// Every form, for completion and `.help questions`.
    public static let catalog: [Form] = simpleForms.map { form in
        let core = form.subjectIsName ? "X \(form.path) ?\(form.variable)" : "?\(form.variable) \(form.path) X"
        return Form(phrases: form.phrases.map { $0.joined(separator: " ") }, name: form.form, rewrite: core, example: form.example,
                    slot: slot(ofPath: form.path, nameIsSubject: form.subjectIsName))
    } + [
        Form(phrases: ["describe", "what is", "what are", "tell me about", "who is", "define", "meaning of", "definition of"], name: "describe",
             rewrite: "X ?relation ?entity, plus the entity's card (a bare name does the same)", example: "describe lhermitte's sign"),
        Form(phrases: ["what does"], name: "triggered / effects",
             rewrite: "what does X trigger: X triggers ?triggered; what does X cause: X \(effectsPath) ?effect",
             example: "what does neck movement trigger"),
        Form(phrases: ["conditions with", "diseases with", "what conditions have", "which conditions have"], name: "conditions",
             rewrite: "?condition kind condition, ?condition \(findingPath) A, …, not ?condition \(findingPath) C",
             example: "conditions with tingling, not tremor", slot: NameSlot(relation: "has_symptom", nameIsSubject: false)),
        Form(phrases: ["does", "can", "could", "do"], name: "ask",
             rewrite: "does X cause Y: X \(causesPath) Y; can X trigger Y: X triggers Y; does X have Y: X \(findingPath) Y — yes, no (a negated assertion) or not known",
             example: "does ms spasms cause paralysis"),
        Form(phrases: ["is"], name: "ask",
             rewrite: "is X a symptom of Y: Y \(findingPath) X; is X a kind of Y: X is_a+ Y, or X kind Y when Y is a kind",
             example: "is tremor a symptom of ms"),
        Form(phrases: ["how common is", "how often does", "frequency of"], name: "how common",
             rewrite: "how common is X in Y (how often does Y have X, how often does X occur in Y, frequency of X in Y): Y \(findingPath) X, yes/no with the frequencies its evidence states",
             example: "how common is numbness in ms spasms"),
        Form(phrases: ["how are", "how is", "what links", "what connects"], name: "related",
             rewrite: "how are X and Y related: the shortest chains of assertions between X and Y, either direction",
             example: "how are tremor and spasms related"),
        Form(phrases: ["why"], name: "why",
             rewrite: "why X -> Y: the shortest causal chain (causes, triggers, mechanism, exacerbates, may_lead_to) from X to Y, else the shortest chain of any relations, said to be an association",
             example: "why neck movement -> paralysis"),
        Form(phrases: ["near"], name: "near", rewrite: "near X within N: every entity at most N (1–10) steps from X",
             example: "near tremor within 2"),
        Form(phrases: ["rank"], name: "rank",
             rewrite: "rank A, B, not C [using " + RankingMethods.names.joined(separator: "|")
                + "] [from OMIM|ORPHA|DECIPHER] [top N]: a differential over disease annotations (default: lr, OMIM, top 10)",
             example: "rank tingling, numbness, tremor"),
        Form(phrases: ["explain rank"], name: "rank",
             rewrite: "explain rank D given A, B, not C [using …] [from …]: where disease D ranks and how each finding matched it (in the shell, 'explain rank D' explains the last rank)",
             example: "explain rank OMIM:126200 given tingling, numbness using lr"),
        Form(phrases: ["schema", "list kinds", "list relations", "list entities", "list"], name: "list",
             rewrite: "the vocabulary: kinds, relations, or entities [of kind K] [matching TEXT] (list symptoms matching pain)",
             example: "list relations"),
        Form(phrases: ["count"], name: "count", rewrite: "count Q: the number of answers of Q", example: "count symptoms of ms spasms"),
    ]

    /// Phrases a question can start with, for completion.
    public static var phrases: [String] {
        var seen = Set<String>()
        return catalog.flatMap(\.phrases).filter { seen.insert($0).inserted }
    }

    /// Whether a line ends in a phrase that still needs a name (`symptoms of`), so the REPL and
    /// scripts read on.
    public static func expectsName(after text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        guard let last = words.last else { return false }
        if ["of", "for", "with", "about", "between", "within"].contains(last) { return true }
        for form in simpleForms {
            for phrase in form.phrases where words == phrase { return true }
        }
        return ["describe", "why", "rank", "near", "what is", "what does", "tell me about", "conditions with"]
            .contains(words.joined(separator: " "))
    }

    /// Lead-ins that are dropped when a form's own phrase follows: "what are the symptoms of X".
    static let leadIns: [[String]] = [
        ["what", "are", "the"], ["what", "are"], ["what", "is", "the"], ["which", "are", "the"], ["list", "the"],
        ["show", "me", "the"], ["show", "the"], ["show", "me"], ["give", "me", "the"], ["tell", "me", "the"],
        ["please", "list"], ["please"], ["what", "were", "the"], ["the"], ["what's", "the"], ["what", "are", "some"],
        ["what", "are", "common"], ["what", "are", "the", "common"], ["what", "are", "the", "main"],
    ]

    /// The words before the text a `list` matches names against (`list symptoms matching pain`).
    static let matchingKeywords: Set<String> = ["matching", "named", "containing"]

    /// Bare plural kinds (`triggers`, `count symptoms`): list the entities of that kind.
    static let pluralKinds = [
        "conditions": "condition", "diseases": "disease", "findings": "finding", "symptoms": "symptom", "signs": "sign",
        "triggers": "trigger", "mechanisms": "mechanism", "effects": "effect", "courses": "course", "advice": "advice",
    ]

    /// Words a question starts with: a query that starts so and is no known form gets a message
    /// about questions, not about names or relations.
    static let questionWords: Set<String> = [
        "what", "which", "how", "why", "when", "where", "who", "is", "are", "does", "do", "can", "could", "should",
        "will", "would", "help", "please", "tell", "show", "give", "whats", "what's",
    ]

    /// Parses a question form at the start of the query; `nil` when the query is a core pattern.
    static func parse(_ parser: inout QueryParser) throws(QueryError) -> Query? {
        // Lead-ins before a form's own phrase.
        for leadIn in leadIns where matches(leadIn, parser) {
            var probe = parser
            _ = skip(leadIn.count, &probe)
            if startsForm(probe) {
                parser = probe
                break
            }
        }
        if let list = try parseList(&parser) { return list }
        if matches(["explain", "rank"], parser) {
            let start = skip(2, &parser)
            let disease = try readName(&parser, after: "explain rank", from: start, stopWords: ["given"])
            guard parser.accept(keyword: "given") else {
                throw QueryError(.querySyntax,
                    "expected 'given' and the findings: explain rank D given A, B, not C (in the shell, 'explain rank D' explains the last rank)",
                    at: parser.current.span)
            }
            guard case var .rank(request) = try parseRank(&parser, from: start) else { return nil }
            request.explain = disease
            return .rank(request)
        }
        // Longest phrase first, so "what makes X worse" is not read as "what makes X happen".
        if matches(["what", "makes"], parser), lastWord(parser) == "worse" {
            let start = skip(2, &parser)
            let name = try readName(&parser, after: "what makes", from: start, stopWords: ["worse"])
            _ = parser.accept(keyword: "worse")
            try parser.expectEndAfterName()
            return try clause(name, form: simpleForms.first { $0.form == "exacerbated-by" })
        }
        for form in simpleForms {
            for phrase in form.phrases where matches(phrase, parser) {
                if form.requiresTrailing, !form.trailing.contains(lastWord(parser) ?? "") { continue }
                let start = skip(phrase.count, &parser)
                let name = try readName(&parser, after: phrase.joined(separator: " "), from: start, stopWords: form.trailing)
                if let keyword = parser.current.keyword, form.trailing.contains(keyword) { _ = parser.advance() }
                try parser.expectEndAfterName()
                return try clause(name, form: form)
            }
        }
        // Before describe: "what's the link between X and Y" is not "what's X".
        if let relate = try parseRelated(&parser) { return relate }
        for phrase in [["what", "is", "the", "meaning", "of"], ["what", "is", "the", "definition", "of"], ["meaning", "of"],
                       ["definition", "of"], ["describe"], ["what", "is"], ["what", "are"], ["tell", "me", "about"], ["who", "is"],
                       ["what's"], ["define"], ["explain"], ["info", "on"], ["about"]] where matches(phrase, parser) {
            let start = skip(phrase.count, &parser)
            let name = try readName(&parser, after: phrase.joined(separator: " "), from: start)
            try parser.expectEndAfterName()
            return describe(name)
        }
        // "symptoms", and "how many diseases are there" (count is taken off the front first).
        if let plural = parser.current.keyword, let kind = pluralKinds[plural],
           let tail = [[], ["are", "there"], ["is", "there"], ["exist"], ["are", "known"]].first(where: { tail in
               tail.enumerated().allSatisfy { parser.peek($0.offset + 1).keyword == $0.element } && parser.peek(tail.count + 1).kind == .end
           }) {
            let span = parser.advance().span
            for _ in tail { _ = parser.advance() }
            return .list(.entities(kind: kind, matching: nil, span: span))
        }
        // `conditions matching parkinson`, `count symptoms matching pain`: as `list … matching`.
        if let plural = parser.current.keyword, let kind = pluralKinds[plural],
           matchingKeywords.contains(parser.peek().keyword ?? "") {
            let span = parser.advance().span
            let keyword = parser.advance()
            let name = try readName(&parser, after: keyword.keyword ?? "matching", from: keyword.span)
            try parser.expectEndAfterName()
            guard case let .name(text, _) = name else {
                throw QueryError(.querySyntax, "expected the text to match, not a variable", at: name.span)
            }
            return .list(.entities(kind: kind, matching: text, span: span))
        }
        if matches(["what", "does"], parser) || matches(["what", "do"], parser) || matches(["what", "can"], parser) {
            let start = skip(2, &parser)
            return try parseWhatDoes(&parser, from: start)
        }
        for phrase in [["conditions", "with"], ["diseases", "with"], ["what", "conditions", "have"],
                       ["which", "conditions", "have"], ["what", "diseases", "have"], ["which", "diseases", "have"],
                       ["conditions", "that", "have"], ["conditions", "have"], ["diseases", "have"], ["what", "conditions", "cause"],
                       ["which", "conditions", "cause"], ["what", "diseases", "cause"], ["which", "diseases", "cause"],
                       ["what", "disease", "could", "cause"], ["what", "diseases", "could", "cause"], ["which", "disease", "has"],
                       ["what", "disease", "has"], ["which", "condition", "has"], ["what", "condition", "has"],
                       ["diseases", "that", "cause"], ["conditions", "that", "cause"], ["what", "could", "cause"],
                       ["what", "can", "cause"], ["diseases", "with"], ["illnesses", "with"],
                       // "how many diseases cause tremor" (count is taken off the front first).
                       ["diseases", "cause"], ["conditions", "cause"]] where matches(phrase, parser) {
            let start = skip(phrase.count, &parser)
            return try parseConditionsWith(&parser, from: start)
        }
        if let ask = try parseYesNo(&parser) { return ask }
        // why do X happen → what causes X; why does X cause Y → why X -> Y.
        if matches(["why"], parser), ["do", "does", "is", "are"].contains(parser.peek().keyword ?? "") {
            let start = skip(2, &parser)
            var tokens: [Token] = []
            while parser.current.kind != .end, parser.current.kind != .arrow { tokens.append(parser.advance()) }
            let keywords = tokens.map { $0.keyword ?? "" }
            if let last = keywords.last, ["happen", "occur", "start", "appear", "come"].contains(last), tokens.count > 1 {
                let name = try nameTerm(Array(tokens.dropLast()), after: "why", at: start)
                try parser.expectEnd()
                return try clause(name, form: simpleForms.first { $0.form == "triggers-and-causes" })
            }
            if let verb = keywords.firstIndex(where: { ["cause", "trigger", "lead"].contains($0) }), verb > 0, verb + 1 < tokens.count {
                let afterVerb = keywords[verb] == "lead" && keywords.count > verb + 1 && keywords[verb + 1] == "to" ? verb + 2 : verb + 1
                let from = try nameTerm(Array(tokens[..<verb]), after: "why", at: start)
                let to = try nameTerm(Array(tokens[afterVerb...]), after: keywords[verb], at: start)
                try parser.expectEnd()
                return .why(from: from, to: to)
            }
            throw QueryError(.querySyntax, "expected 'why X -> Y', 'why does X cause Y' or 'why does X happen'", at: start)
        }
        if matches(["why"], parser) {
            let start = skip(1, &parser)
            let hasArrow = (0..<64).contains { parser.peek($0).kind == .arrow }
            let from = try readName(&parser, after: "why", from: start, stopWords: hasArrow ? [] : ["to"])
            guard parser.accept(.arrow) || parser.accept(keyword: "to") else {
                throw QueryError(.querySyntax, "expected '->' between the two names: why X -> Y", at: parser.current.span)
            }
            let to = try readName(&parser, after: "->", from: parser.current.span)
            try parser.expectEnd()
            return .why(from: from, to: to)
        }
        for phrase in [["rank"], ["diagnose"], ["differential", "for"], ["differential", "of"], ["what", "could", "explain"]]
        where matches(phrase, parser) {
            let start = skip(phrase.count, &parser)
            return try parseRank(&parser, from: start)
        }
        if matches(["near"], parser) {
            let start = skip(1, &parser)
            let center = try readName(&parser, after: "near", from: start, stopWords: ["within"])
            var radius = 1
            if parser.accept(keyword: "within") {
                guard case let .word(text) = parser.current.kind, let value = Int(text), (1...10).contains(value) else {
                    throw QueryError(.querySyntax, "expected a number of steps from 1 to 10 after 'within'", at: parser.current.span)
                }
                _ = parser.advance()
                radius = value
            }
            try parser.expectEnd()
            return .near(center, radius: radius)
        }
        return nil
    }

    /// What a query of plain words that is no form means: `ms symptoms` (symptoms of ms), a
    /// question symkb does not know (an error that shows the forms), or a name (describe it).
    static func fallback(_ tokens: [Token]) throws(QueryError) -> Query? {
        let words = tokens.filter { $0.kind != .end }
        guard !words.isEmpty, words.allSatisfy({ $0.text != nil })
        else { return nil }
        let keywords = words.map { $0.keyword ?? "" }
        if keywords == ["help"], let command = shellWord(words) { throw command }
        if let first = keywords.first, questionWords.contains(first), words.count > 1 {
            throw unknownQuestion(keywords, at: words[0].span.union(words[words.count - 1].span))
        }
        return bareName(tokens)
    }

    /// The error for plain words that failed as a pattern and as a name and that read as a
    /// question, not as a clause (``unknownQuestion(_:at:)``): they are about the asker ("I have
    /// numbness", "am I sick"), begin with a question word ("is ms contagious"), or join two names
    /// with "and" or "or" ("tingling and numbness", when `isName` takes both); `nil` otherwise.
    static func refusal(of tokens: [Token], naming: (String) -> NamedThing?, ranks: () -> Bool = { true }) -> QueryError? {
        func isName(_ text: String) -> Bool { naming(text) != nil }
        let words = tokens.filter { $0.kind != .end && $0.kind != .question }
        guard words.count > 1, let first = words.first, case .word = first.kind,
              words.allSatisfy({ $0.text != nil })
        else { return nil }
        let keywords = words.map { $0.keyword ?? "" }
        let span = words[0].span.union(words[words.count - 1].span)
        if let asker = aboutTheAsker(tokens, naming: naming, ranks: ranks) { return asker }
        // Words as typed (a quoted name keeps its quotes).
        let text = { (range: Range<Int>) in
            words[range].map { token in
                switch token.kind {
                case let .word(word): word
                case let .string(name): "\"" + name + "\""
                default: ""
                }
            }.joined(separator: " ")
        }
        // "tingling and numbness": the two names, asked about together.
        if words.count == 3, ["and", "or"].contains(keywords[1]), isName(text(0..<1)), isName(text(2..<3)) {
            var error = unknownQuestion(keywords, at: span)
            error.suggestions = ["conditions with \(text(0..<1)), \(text(2..<3))"] + (ranks() ? ["rank \(text(0..<1)), \(text(2..<3))"] : [])
            return error
        }
        guard questionWords.contains(keywords[0]) else { return nil }
        var error = unknownQuestion(keywords, at: span)
        // "is ms contagious": what the packs do say about the name.
        if ["is", "are"].contains(keywords[0]), words.count >= 3, isName(text(1..<(words.count - 1))) {
            error.suggestions = ["describe " + text(1..<(words.count - 1))]
        }
        return error
    }

    /// The error for a comparison ("tremor vs ataxia", "what is the difference between ms and
    /// als", "compare X and Y") of two names: symkb states facts of each, not a comparison, so the
    /// suggestions describe each and show how they are linked; `nil` for other words, or when
    /// either side is no name.
    static func comparison(_ tokens: [Token], isName: (String) -> Bool, near: (String) -> [String] = { _ in [] }) -> QueryError? {
        let words = tokens.filter { $0.text != nil }
        let keywords = words.map { $0.keyword ?? "" }
        func text(_ range: Range<Int>) -> String { dropArticle(words[range].compactMap(\.text)).joined(separator: " ") }
        var sides: (Range<Int>, Range<Int>)?
        if let versus = keywords.firstIndex(where: { ["vs", "vs.", "versus"].contains($0) }) {
            sides = (0..<versus, (versus + 1)..<words.count)
        } else if let between = keywords.firstIndex(of: "between"), between > 0, ["difference", "differences"].contains(keywords[between - 1]),
                  let and = keywords[(between + 1)...].firstIndex(of: "and") {
            sides = ((between + 1)..<and, (and + 1)..<words.count)
        } else if keywords.first == "compare", let and = keywords.firstIndex(where: { ["and", "with", "to"].contains($0) }) {
            sides = (1..<and, (and + 1)..<words.count)
        }
        guard let (left, right) = sides, !left.isEmpty, !right.isEmpty, let first = words.first, let last = words.last else { return nil }
        let (x, y) = (text(left), text(right))
        // A side that names nothing ("ehlers-danlos syndrome", "ataxa") is said, and describing
        // it is still offered: `describe` suggests the names near it.
        let unknown = [x, y].filter { !isName($0) }
        return QueryError(.unknownQuestion, "symkb does not compare; it can describe each, and show how the packs link them",
                          at: first.span.union(last.span),
                          suggestions: ["describe \(x)", "describe \(y)"] + (unknown.isEmpty ? ["how are \(x) and \(y) related"] : []),
                          notes: unknown.map { name in
                              "'\(name)' names nothing in the loaded packs" + (near(name).first.map { " (did you mean \"\($0)\"?)" } ?? "")
                          })
    }

    /// What a name in a question names, as far as a refusal's suggestions tell apart: a
    /// condition; a finding (a symptom, a sign), which `rank` can take or not (a curated finding
    /// with no ontology term); anything else (a trigger, advice).
    enum NamedThing: Sendable, Equatable { case condition, finding(ranks: Bool), other }

    /// The error for words about the asker ("I have numbness", "I'm dizzy", "my leg hurts", "do I
    /// have ms", "why do I get headaches", "what is wrong with me"), which no pack can answer;
    /// `nil` for others. The things the sentence names, when `naming` finds each, make the
    /// suggestions: findings ranked ("I have tingling and fatigue": `rank tingling, fatigue`,
    /// when `ranks()`: disease annotations are loaded, asked only then) and their conditions listed, a condition
    /// described (`symptoms of ms`).
    static func aboutTheAsker(_ tokens: [Token], naming: (String) -> NamedThing? = { _ in nil }, ranks: () -> Bool = { true }) -> QueryError? {
        let words = tokens.filter { $0.kind != .end && $0.kind != .question }
        let keywords = words.map { $0.keyword ?? "" }
        guard isAboutTheAsker(keywords) else { return nil }
        var message = "symkb cannot tell whether you have a condition, and nothing it prints is medical advice"
        var suggestions: [String] = []
        let named = Self.named(byTheAsker: words)
        let things = named.map(naming)
        let findings = things.allSatisfy { if case .finding? = $0 { true } else { false } }
        let rankable = things.allSatisfy { $0 == .finding(ranks: true) }
        if !named.isEmpty, things.allSatisfy({ $0 != nil }) {
            if named.count == 1, things[0] == .condition {
                message += "; to see what the packs state about \(named[0]): 'symptoms of \(named[0])'"
                suggestions = ["symptoms of \(named[0])", "describe \(named[0])"]
            } else if findings {
                let list = named.joined(separator: ", ")
                let these = named.count == 1 ? "this finding" : "these findings"
                if rankable, ranks() {
                    message += "; to see which conditions the packs list with \(these), rank \(named.count == 1 ? "it" : "them"): 'rank \(list)'"
                    suggestions = ["rank \(list)", "conditions with \(list)"]
                } else {
                    message += "; to see which conditions the packs list with \(these): 'conditions with \(list)'"
                    suggestions = ["conditions with \(list)"]
                }
            }
        }
        // Nothing named that symkb knows: the forms to ask with, not examples that read as answers.
        if suggestions.isEmpty {
            message += "; ask what the packs state of what you name: 'symptoms of X' for a condition, 'conditions with A, B'"
                + (ranks() ? " or 'rank A, B'" : "") + " for findings"
        }
        return QueryError(.unknownQuestion, message, at: words[0].span.union(words[words.count - 1].span), suggestions: suggestions)
    }

    /// Whether lowercased words speak of the asker: they begin with "I", "I'm" or "I've",
    /// or with a verb and "I" or "we" ("do I have", "am I sick"); they ask why of the asker ("why
    /// do I have", "why am I") or what the asker has ("what do I have"); or they hold "my", or
    /// "me" after "with", "to" or "for" ("wrong with me", "happening to me"). Not "what can I
    /// ask", which is about symkb, nor a numeral ("type I").
    private static func isAboutTheAsker(_ keywords: [String]) -> Bool {
        guard keywords.count > 1 else { return false }
        let verbs: Set<String> = ["am", "have", "do", "does", "did", "can", "could", "should", "will", "might", "may"]
        let asker: Set<String> = ["i", "we"]
        // ("ME" at the start is a name: myalgic encephalomyelitis, "ME/CFS".)
        if ["i", "i'm", "im", "i've", "ive"].contains(keywords[0]) || keywords.contains("my") { return true }
        if asker.contains(keywords[1]), verbs.contains(keywords[0]) { return true }
        if keywords.count > 2, verbs.contains(keywords[1]), asker.contains(keywords[2]) {
            if keywords[0] == "why" { return true }
            if keywords[0] == "what", keywords.count > 3, ["have", "got", "get"].contains(keywords[3]) { return true }
        }
        for index in 1..<keywords.count where ["me", "myself"].contains(keywords[index]) {
            if ["with", "to", "for"].contains(keywords[index - 1]) { return true }
        }
        return false
    }

    /// The names a sentence about the asker holds, as typed: the words after its lead-in ("I
    /// have", "do I have", "I'm", "why do I get"), split at commas, "and", "but", "also" and
    /// "plus", each without the words that only lead in ("a", "my", "some", "really"); chunks
    /// left empty ("what do I have") are dropped.
    static func named(byTheAsker words: [Token]) -> [String] {
        let leadIn: Set<String> = [
            "i", "i'm", "im", "i've", "ive", "me", "my", "we", "our", "have", "has", "got", "get", "gets", "getting", "feel",
            "feeling", "am", "been", "having", "keep", "do", "does", "did", "why", "what", "how", "is", "are", "so", "really",
            "very", "a", "an", "the", "some", "suffer", "suffering", "from", "with", "experience", "experiencing", "still",
            "always", "often", "sometimes", "lately", "can", "could", "should", "might", "may", "think", "be", "too", "again",
            // Asking for someone else: "my child has seizures", "my husband keeps getting headaches".
            "child", "son", "daughter", "baby", "kid", "husband", "wife", "partner", "mother", "mom", "mum", "father", "dad",
            "brother", "sister", "friend", "he", "she", "he's", "she's", "they", "his", "her", "their", "keeps",
        ]
        var chunks: [[Token]] = [[]]
        for token in words {
            if token.kind == .comma || ["and", "but", "also", "plus"].contains(token.keyword ?? "") {
                chunks.append([])
            } else if token.text != nil {
                chunks[chunks.count - 1].append(token)
            }
        }
        // A quoted name (no keyword) is never a lead-in word.
        func isLeadIn(_ token: Token) -> Bool { token.keyword.map(leadIn.contains) ?? false }
        return chunks.compactMap { chunk in
            let name = chunk.drop(while: isLeadIn).reversed().drop(while: isLeadIn).reversed()
            return name.isEmpty ? nil : name.compactMap(\.text).joined(separator: " ")
        }
    }

    /// For input that is one word other shells take as a command (`exit`, `quit`, `help`): the
    /// dot-command that does it. Read only when the word names no entity.
    static func shellWord(_ tokens: [Token]) -> QueryError? {
        let words = tokens.filter { $0.kind != .end }
        guard words.count == 1, let word = words[0].keyword, let command = shellWords[word] else { return nil }
        let message = command == ".quit" ? "to leave symkb, type .quit (or press Ctrl-D)"
            : "for help, type .help; .help questions lists the questions symkb understands"
        return QueryError(.unknownQuestion, message, at: words[0].span, suggestions: [])
    }

    /// Words other shells take as commands, typed alone, and the dot-command each means: the
    /// interactive shell runs it (unless the word names something), a script is told to write it.
    public static let shellWords: [String: String] = [
        "exit": ".quit", "quit": ".quit", "bye": ".quit", "q": ".quit", "help": ".help", "h": ".help", "?": ".help",
    ]

    /// The error for a question that is no form: what symkb does understand, and the closest examples.
    static func unknownQuestion(_ keywords: [String], at span: Span) -> QueryError {
        QueryError(
            .unknownQuestion, "symkb does not know this question; it understands forms such as 'symptoms of X', 'what causes X', "
                + "'does X cause Y', 'is X a symptom of Y', 'how are X and Y related', 'advice for X' "
                + "(.help questions lists them all)",
            at: span, suggestions: closestPhrases(to: keywords))
    }

    /// "whats", "what's" and "what're" as the two words they stand for ("what is", "what are"),
    /// each with the contraction's span: the forms are written with the full words.
    static func expandingContractions(_ tokens: [Token]) -> [Token] {
        guard tokens.contains(where: { contractions[$0.keyword ?? ""] != nil }) else { return tokens }
        return tokens.flatMap { token in
            guard let words = contractions[token.keyword ?? ""] else { return [token] }
            return words.map { Token(kind: .word($0), span: token.span) }
        }
    }

    private static let contractions = ["whats": ["what", "is"], "what's": ["what", "is"], "what're": ["what", "are"]]

    /// Words that join a form's phrase to its name: after a lead-in, they mean the words are a
    /// form, not `X symptoms`.
    private static let formWords: Set<String> = ["of", "with", "for", "in", "from", "that", "have", "has", "by", "to"]

    /// `what are (the) ms symptoms`: a lead-in, then plain words ending in `symptoms` or `signs`;
    /// `what are the triggers`: a lead-in and a plural kind, which lists them; `nil` for anything else.
    static func symptomsSuffix(afterLeadIn tokens: [Token]) throws(QueryError) -> Query? {
        let keywords = tokens.map { $0.keyword ?? "" }
        guard let leadIn = leadIns.filter({ keywords.starts(with: $0) }).max(by: { $0.count < $1.count }) else { return nil }
        let rest = Array(tokens.dropFirst(leadIn.count))
        if rest.count == 2, rest[1].kind == .end, let kind = pluralKinds[rest[0].keyword ?? ""] {
            return .list(.entities(kind: kind, matching: nil, span: rest[0].span))
        }
        // Not a form of its own that ends in a name with "signs" ("what are the conditions with
        // bulbar signs", "what is the course of pseudobulbar signs").
        let words = rest.map { $0.keyword ?? "" }
        if words.contains(where: { formWords.contains($0) }) || pluralKinds[words.first ?? ""] != nil { return nil }
        return try symptomsSuffix(rest)
    }

    /// `ms spasms symptoms`: plain words ending in `symptoms` or `signs` are `symptoms of` the rest.
    static func symptomsSuffix(_ tokens: [Token]) throws(QueryError) -> Query? {
        let words = tokens.filter { $0.kind != .end }
        guard words.count >= 2, let last = words.last?.keyword, ["symptoms", "signs"].contains(last),
              words.allSatisfy({ $0.text != nil }),
              !questionWords.contains(words[0].keyword ?? "")
        else { return nil }
        let name = try nameTerm(Array(words.dropLast()), after: "symptoms", at: words[0].span)
        return try clause(name, form: simpleForms.first)
    }

    /// The error for a question whose opening words are a catalog phrase misspelt ("symtoms of
    /// ms"), located at those words, with the name that follows them; `nil` when no phrase of two
    /// words or more is that close (each word at most two edits away, one for words of three
    /// letters, and words of two letters exact), when a phrase opens the question as written, or
    /// when no name follows. The caller says so only when that name is one (else the name is what
    /// is misspelt). Asked only of a question that failed; a quoted first name is never a phrase.
    static func misspeltPhrase(in tokens: [Token]) -> (error: QueryError, rest: Term)? {
        let words = tokens.prefix { if case .word = $0.kind { true } else { false } }.map { (word: $0.keyword ?? "", span: $0.span) }
        var best: (phrase: [String], distance: Int)?
        for form in catalog {
            for phrase in form.phrases.map({ $0.split(separator: " ").map(String.init) })
            where phrase.count >= 2 && words.count > phrase.count {
                var total = 0
                for (typed, expected) in zip(words.prefix(phrase.count).map(\.word), phrase) {
                    let allowed = expected.count <= 2 ? 0 : expected.count <= 3 ? 1 : 2
                    let distance = Spelling.distance(typed, expected)
                    guard distance <= allowed else {
                        total = Int.max
                        break
                    }
                    total += distance
                }
                // A question that opens with a phrase as written failed for another reason.
                if total == 0 { return nil }
                if total < (best?.distance ?? Int.max) { best = (phrase, total) }
            }
        }
        guard let (phrase, _) = best, let rest = bareName(Array(tokens.dropFirst(phrase.count))),
              case let .describe(name, _) = rest else { return nil }
        let span = words[0].span.union(words[phrase.count - 1].span)
        let typed = words.prefix(phrase.count).map(\.word).joined(separator: " ")
        return (QueryError(.unknownQuestion, "unknown question '\(typed)'", at: span, suggestions: [phrase.joined(separator: " ")]), name)
    }

    /// Catalog phrases that share the most words with a question (for "did you mean").
    static func closestPhrases(to words: [String]) -> [String] {
        let asked = Set(words)
        let scored = catalog.flatMap { form in form.phrases.map { ($0, form.example) } }
            .map { phrase, example in (example, phrase.split(separator: " ").filter { asked.contains(String($0)) }.count) }
            .filter { $0.1 > 0 }
            .sorted { $0.1 > $1.1 }
        var seen = Set<String>()
        return scored.map(\.0).filter { seen.insert($0).inserted }.prefix(3).map { $0 }
    }

    /// Words written with a slash and no spaces (`Cone/cone-rod dystrophy`) as a name to
    /// describe: for input that failed as a pattern (where `a/b` is a path); `nil` without such
    /// a slash, or with anything but words.
    static func slashedName(_ tokens: [Token]) -> Query? {
        var joined: [Token] = []
        var index = 0
        while index < tokens.count {
            if tokens[index].kind == .slash, index + 1 < tokens.count, case let .word(before)? = joined.last?.kind,
               case let .word(after) = tokens[index + 1].kind, let previous = joined.last,
               previous.span.end == tokens[index].span.start, tokens[index].span.end == tokens[index + 1].span.start {
                joined[joined.count - 1] = Token(kind: .word(before + "/" + after), span: previous.span.union(tokens[index + 1].span))
                index += 2
                continue
            }
            joined.append(tokens[index])
            index += 1
        }
        guard joined.count < tokens.count else { return nil }
        return bareName(joined)
    }

    /// A query that is a name and nothing else (`pain`, `"neck movement"`): describe it.
    static func bareName(_ tokens: [Token]) -> Query? {
        var words: [String] = []
        var span: Span?
        for token in tokens {
            switch token.kind {
            case let .word(text), let .string(text):
                words.append(text)
                span = span?.union(token.span) ?? token.span
            case .end: break
            default: return nil
            }
        }
        guard let span, !words.isEmpty else { return nil }
        let dropped = dropArticle(words)
        return describe(.name(dropped.joined(separator: " "), span))
    }

    private static func describe(_ name: Term) -> Query {
        .describe(name, Pattern(clauses: [.triple(name, .variable("relation", name.span), .variable("entity", name.span))]))
    }

    private static func clause(_ name: Term, form: Simple?) throws(QueryError) -> Query {
        guard let form else { return describe(name) }
        let variable = Term.variable(form.variable, name.span)
        let path = try QueryParser.parsePath(form.path)
        let clause = form.subjectIsName ? Clause.triple(name, path, variable) : .triple(variable, path, name)
        return .pattern(Pattern(clauses: [clause]), Presentation(form: form.form))
    }

    private static func startsForm(_ parser: QueryParser) -> Bool {
        if simpleForms.contains(where: { $0.phrases.contains { matches($0, parser) } }) { return true }
        return ["conditions", "diseases", "kinds", "relations"].contains(parser.current.keyword ?? "")
    }

    private static func lastWord(_ parser: QueryParser) -> String? {
        var offset = 0
        var last: String?
        while parser.peek(offset).kind != .end {
            last = parser.peek(offset).keyword
            offset += 1
        }
        return last
    }

    // MARK: what does X trigger / cause / lead to

    private static func parseWhatDoes(_ parser: inout QueryParser, from start: Span) throws(QueryError) -> Query {
        var tokens: [Token] = []
        while parser.current.kind != .end {
            switch parser.current.kind {
            case .word, .string: tokens.append(parser.advance())
            default: throw QueryError(.querySyntax, "unexpected \(parser.current.describe) in 'what does X trigger'", at: parser.current.span)
            }
        }
        // The verb phrase at the end: trigger | cause | lead to | make worse | set off.
        let keywords = tokens.map { $0.keyword ?? "" }
        let endings: [([String], String)] = [
            (["trigger"], "triggered"), (["set", "off"], "triggered"), (["cause"], "effects"), (["lead", "to"], "effects"),
            (["result", "in"], "effects"), (["make", "worse"], "worsened"), (["worsen"], "worsened"), (["do"], "effects"),
            (["mean"], "describe"), (["look", "like"], "describe"), (["feel", "like"], "describe"),
        ]
        guard let (verb, form) = endings.first(where: { keywords.count > $0.0.count && Array(keywords.suffix($0.0.count)) == $0.0 })
        else {
            let span = start.union(tokens.last?.span ?? start)
            throw unknownQuestion(["what", "does"] + keywords, at: span)
        }
        let nameTokens = Array(tokens.dropLast(verb.count))
        let name = try nameTerm(nameTokens, after: "what does", at: start)
        if form == "describe" { return describe(name) }
        let variable: String, path: String
        switch form {
        case "triggered": (variable, path) = ("triggered", "triggers")
        case "worsened": (variable, path) = ("worsened", "exacerbates")
        default: (variable, path) = ("effect", effectsPath)
        }
        let clause = Clause.triple(name, try QueryParser.parsePath(path), .variable(variable, name.span))
        return .pattern(Pattern(clauses: [clause]), Presentation(form: form))
    }

    /// A name from a run of words (articles dropped) or one quoted string.
    private static func nameTerm(_ tokens: [Token], after keyword: String, at start: Span) throws(QueryError) -> Term {
        guard let first = tokens.first, let last = tokens.last else {
            throw QueryError(.querySyntax, "expected a name after '\(keyword)'", at: start)
        }
        if tokens.count == 1, case let .string(text) = first.kind { return .name(text, first.span) }
        let words = tokens.compactMap { token -> String? in
            switch token.kind {
            case let .word(text), let .string(text): text
            default: nil
            }
        }
        return .name(dropArticle(words).joined(separator: " "), first.span.union(last.span))
    }

    /// The words a name is read without when it begins with one ("the tremor", "my pain").
    static let articles: Set<String> = ["the", "a", "an", "my"]

    private static func dropArticle(_ words: [String]) -> [String] {
        guard words.count > 1, let first = words.first?.lowercased(), articles.contains(first) else { return words }
        return Array(words.dropFirst())
    }

    // MARK: yes/no questions

    /// The tokens of the name that ends a yes/no question: words, or one quoted name. A comma
    /// between two words is part of the name (OMIM's names hold them: "Parkinson disease,
    /// late-onset"), kept on the word before it, as a form that takes one name reads it.
    private static func nameTokens(_ probe: inout QueryParser) -> [Token] {
        var tokens: [Token] = []
        while true {
            if case .word = probe.current.kind {
                tokens.append(probe.advance())
            } else if !joinComma(&probe, into: &tokens) {
                break
            }
        }
        if tokens.isEmpty, case .string = probe.current.kind { tokens.append(probe.advance()) }
        return tokens
    }

    /// Takes a comma between two words into the name being read, on the word before it; `false`
    /// (taking nothing) when the current token is no such comma.
    private static func joinComma(_ probe: inout QueryParser, into tokens: inout [Token]) -> Bool {
        guard probe.current.kind == .comma, let last = tokens.last, case let .word(text) = last.kind, case .word = probe.peek().kind else {
            return false
        }
        let comma = probe.advance()
        tokens[tokens.count - 1] = Token(kind: .word(text + ","), span: last.span.union(comma.span))
        return true
    }

    /// Verbs that say a finding occurs in a condition: "how often does tremor occur in X".
    private static let occurrenceVerbs: Set<String> = [
        "occur", "happen", "appear", "develop", "present", "show", "arise", "seen", "found", "observed", "reported",
    ]

    /// A question of how common a finding is in a condition, after its first `skipping` words:
    /// the finding up to the last "in", "with" or "among" (a verb of `verbs` ending it is left
    /// out: "tremor occur", "tremor seen"), the condition after. `nil` (nothing read) when the
    /// words split so into no two names, or a finding needs a verb of `verbs` and has none.
    private static func howCommon(
        _ parser: inout QueryParser, skipping: Int, verbs: Set<String>
    ) throws(QueryError) -> Query? {
        var probe = parser
        let start = probe.current.span
        let lead = (0..<skipping).map { _ in probe.advance().keyword ?? "" }
        var words: [Token] = []
        while probe.current.kind != .end {
            guard appendNameToken(&probe, to: &words) else { return nil }
        }
        guard var split = words.lastIndex(where: { ["in", "with", "among"].contains($0.keyword ?? "") }), split > 0, split < words.count - 1
        else { return nil }
        let condition = try nameTerm(Array(words[(split + 1)...]), after: words[split].keyword ?? "in", at: probe.current.span)
        // "how often does X occur in Y" needs its verb; "how common is X seen in Y" may have one.
        let needsVerb = lead.count == 3 && !["is", "are"].contains(lead[2])
        if split > 1, let verb = words[split - 1].keyword, verbs.contains(verb) {
            split -= 1
        } else if needsVerb {
            return nil
        }
        let finding = try nameTerm(Array(words[..<split]), after: lead.last ?? "of", at: start)
        parser = probe
        return .ask(AskRequest(subject: condition, path: try QueryParser.parsePath(findingPath), object: finding, kind: nil,
                               form: "how-common"))
    }

    /// `does X cause Y`, `can X trigger Y`, `does X have Y`, `is X a symptom of Y`, `is X a kind of Y`, `is X a Y`.
    private static func parseYesNo(_ parser: inout QueryParser) throws(QueryError) -> Query? {
        guard let first = parser.current.keyword else { return nil }
        // "how often does ms cause fatigue": the yes/no question, whose evidence gives the frequency.
        let often = first == "how" && ["often", "frequently", "commonly", "usually"].contains(parser.peek().keyword ?? "")
            && ["does", "do", "can", "will", "is", "are"].contains(parser.peek(2).keyword ?? "")
        // "how often does tremor occur in parkinson disease", "how often are seizures seen in X".
        if often, let asked = try howCommon(&parser, skipping: 3, verbs: occurrenceVerbs) { return asked }
        // "how often does ms cause fatigue": the yes/no question, whose evidence gives the frequency.
        if often, parser.peek(2).keyword != "is", parser.peek(2).keyword != "are" {
            var probe = parser
            _ = probe.advance()
            _ = probe.advance()
            guard case var .ask(request)? = try parseYesNo(&probe) else { return nil }
            parser = probe
            request.form = "how-common"
            return .ask(request)
        }
        // "how common is fatigue in ms", "frequency of fatigue in ms": whether the condition has
        // the finding, and how often its evidence says (X is read up to the last "in" or "with").
        let howCommon = first == "how" && ["common", "frequent", "often", "prevalent", "usual"].contains(parser.peek().keyword ?? "")
            && ["is", "are"].contains(parser.peek(2).keyword ?? "")
        let frequencyOf = ["frequency", "prevalence"].contains(first) && parser.peek().keyword == "of"
        if howCommon || frequencyOf { return try self.howCommon(&parser, skipping: howCommon ? 3 : 2, verbs: ["seen", "found", "present", "observed"]) }
        if ["does", "do", "can", "could", "may", "might", "will"].contains(first) {
            // "do I have ms": a question about the asker, which the packs cannot answer.
            if let asker = aboutTheAsker(Array(parser.tokens[parser.index...])) { throw asker }
            var probe = parser
            let start = probe.advance().span
            let verbs: [(words: [String], form: String, path: String, reversed: Bool)] = [
                (["cause"], "does-cause", causesPath, false), (["causes"], "does-cause", causesPath, false),
                (["lead", "to"], "does-cause", causesPath, false), (["result", "in"], "does-cause", causesPath, false),
                (["trigger"], "does-trigger", "triggers", false), (["set", "off"], "does-trigger", "triggers", false),
                (["worsen"], "does-worsen", "exacerbates", false), (["make", "worse"], "does-worsen", "exacerbates", false),
                (["have"], "does-have", findingPath, false), (["come", "with"], "does-have", findingPath, false),
                (["be", "caused", "by"], "does-cause", causesPath, true), (["be", "triggered", "by"], "does-trigger", "triggers", true),
            ]
            var before: [Token] = []
            while probe.current.kind != .end {
                let keywords = (0..<3).map { probe.peek($0).keyword ?? "" }
                if let verb = verbs.first(where: { Array(keywords.prefix($0.words.count)) == $0.words }), !before.isEmpty {
                    for _ in verb.words { _ = probe.advance() }
                    let after = nameTokens(&probe)
                    guard probe.current.kind == .end else { return nil }
                    let x = try nameTerm(before, after: first, at: start)
                    let y = try nameTerm(after, after: verb.words.joined(separator: " "), at: probe.current.span)
                    parser = probe
                    let path = try QueryParser.parsePath(verb.path)
                    let (subject, object) = verb.reversed ? (y, x) : (x, y)
                    return .ask(AskRequest(subject: subject, path: path, object: object, kind: nil, form: verb.form))
                }
                guard appendNameToken(&probe, to: &before) else { return nil }
            }
            return nil
        }
        guard first == "is" || first == "are" else { return nil }
        var probe = parser
        let start = probe.advance().span
        var before: [Token] = []
        let nouns: [(words: [String], form: String, path: String, subjectFirst: Bool)] = [
            (["symptom", "of"], "is-symptom-of", findingPath, false), (["sign", "of"], "is-symptom-of", findingPath, false),
            (["symptoms", "of"], "is-symptom-of", findingPath, false), (["signs", "of"], "is-symptom-of", findingPath, false),
            (["feature", "of"], "is-symptom-of", findingPath, false), (["features", "of"], "is-symptom-of", findingPath, false),
            (["kind", "of"], "is-kind-of", "is_a+", true), (["type", "of"], "is-kind-of", "is_a+", true),
            (["form", "of"], "is-kind-of", "is_a+", true), (["cause", "of"], "does-cause", causesPath, true),
            (["trigger", "for"], "does-trigger", "triggers", true), (["trigger", "of"], "does-trigger", "triggers", true),
            (["caused", "by"], "does-cause", causesPath, false), (["triggered", "by"], "does-trigger", "triggers", false),
            (["related", "to"], "is-related", "", true), (["associated", "with"], "is-associated", "associated_with", true),
        ]
        while probe.current.kind != .end {
            var keywords = (0..<4).map { probe.peek($0).keyword ?? "" }
            var article = 0
            if ["a", "an", "the"].contains(keywords[0]) {
                article = 1
                keywords.removeFirst()
            }
            if !before.isEmpty, let noun = nouns.first(where: { Array(keywords.prefix($0.words.count)) == $0.words }) {
                for _ in 0..<(noun.words.count + article) { _ = probe.advance() }
                let after = nameTokens(&probe)
                guard probe.current.kind == .end else { return nil }
                let x = try nameTerm(before, after: "is", at: start)
                let y = try nameTerm(after, after: noun.words.joined(separator: " "), at: probe.current.span)
                parser = probe
                if noun.form == "is-related" { return .relate(x, y) }
                // caused by / triggered by: X is caused by Y → Y path X.
                let (subject, object) = noun.subjectFirst ? (x, y) : (y, x)
                if noun.form == "is-kind-of", case let .name(text, _) = y {
                    return .ask(AskRequest(subject: x, path: try QueryParser.parsePath("is_a+"), object: y, kind: text, form: noun.form))
                }
                return .ask(AskRequest(subject: subject, path: try QueryParser.parsePath(noun.path), object: object, kind: nil, form: noun.form))
            }
            // `is X a Y`: an article, then the rest is the other name.
            if !before.isEmpty, article == 1 {
                _ = probe.advance()
                let after = nameTokens(&probe)
                if probe.current.kind == .end, !after.isEmpty {
                    let x = try nameTerm(before, after: "is", at: start)
                    let y = try nameTerm(after, after: "a", at: probe.current.span)
                    parser = probe
                    guard case let .name(text, _) = y else { return nil }
                    return .ask(AskRequest(subject: x, path: try QueryParser.parsePath("is_a+"), object: y, kind: text, form: "is-kind-of"))
                }
                return nil
            }
            guard appendNameToken(&probe, to: &before) else { return nil }
        }
        return nil
    }

    /// Takes the current token into the first name of a yes/no question: a word or a quoted name,
    /// or a comma between two words (kept on the word before it, as ``nameTokens(_:)`` keeps it);
    /// `false` for anything else.
    private static func appendNameToken(_ probe: inout QueryParser, to tokens: inout [Token]) -> Bool {
        guard probe.current.text != nil else { return joinComma(&probe, into: &tokens) }
        tokens.append(probe.advance())
        return true
    }

    // MARK: how are X and Y related

    private static func parseRelated(_ parser: inout QueryParser) throws(QueryError) -> Query? {
        let openings: [[String]] = [["is", "there", "a", "link", "between"], ["is", "there", "a", "connection", "between"],
                                    ["is", "there", "a", "relationship", "between"], ["is", "there", "a", "relation", "between"],
                                    ["what", "is", "the", "relationship", "between"], ["what's", "the", "connection", "between"],
                                    ["what's", "the", "link", "between"], ["what's", "the", "relationship", "between"],
                                    ["what", "is", "the", "relationship", "of"],
                                    ["how", "are"], ["how", "is"], ["what", "links"], ["what", "connects"],
                                    ["relation", "between"], ["relationship", "between"], ["link", "between"],
                                    ["connection", "between"], ["what", "is", "the", "link", "between"],
                                    ["what", "is", "the", "relation", "between"], ["what", "is", "the", "connection", "between"]]
        var found = openings.first(where: { matches($0, parser) })
        // "are X and Y related", "is X linked to Y" (a yes/no form that asks for the chains).
        if found == nil, ["are", "is"].contains(parser.current.keyword ?? ""),
           ["related", "connected", "linked"].contains(lastWord(parser) ?? "") {
            found = [parser.current.keyword ?? "are"]
        }
        guard let opening = found else { return nil }
        var probe = parser
        let start = skip(opening.count, &probe)
        var tokens: [Token] = []
        while probe.current.kind != .end {
            switch probe.current.kind {
            case .word, .string: tokens.append(probe.advance())
            default: return nil
            }
        }
        var keywords = tokens.map { $0.keyword ?? "" }
        // Trailing "related", "connected", "linked" (and "to each other").
        while let last = keywords.last, ["related", "connected", "linked", "other", "each", "to"].contains(last) {
            keywords.removeLast()
            tokens.removeLast()
        }
        // "how is X related to Y": the "to" splits.
        var separator = keywords.firstIndex(of: "and")
        if separator == nil, opening == ["how", "is"],
           let related = keywords.firstIndex(where: { ["related", "connected", "linked"].contains($0) }),
           related + 1 < keywords.count, keywords[related + 1] == "to" {
            let x = try nameTerm(Array(tokens[..<related]), after: "how is", at: start)
            let y = try nameTerm(Array(tokens[(related + 2)...]), after: "related to", at: start)
            parser = probe
            return .relate(x, y)
        }
        if separator == nil { separator = keywords.firstIndex(of: "to") }
        guard let split = separator, split > 0, split + 1 < tokens.count else { return nil }
        let x = try nameTerm(Array(tokens[..<split]), after: opening.joined(separator: " "), at: start)
        let y = try nameTerm(Array(tokens[(split + 1)...]), after: "and", at: start)
        parser = probe
        return .relate(x, y)
    }

    // MARK: list, schema

    private static func parseList(_ parser: inout QueryParser) throws(QueryError) -> Query? {
        if matches(["schema"], parser), parser.peek().kind == .end {
            _ = parser.advance()
            return .list(.schema)
        }
        guard matches(["list"], parser) || matches(["show"], parser) else { return nil }
        var probe = parser
        let start = probe.advance().span
        _ = probe.accept(keyword: "all")
        _ = probe.accept(keyword: "the")
        guard let what = probe.current.keyword else { return nil }
        if what == "kinds", probe.peek().kind == .end { parser = probe; _ = parser.advance(); return .list(.kinds) }
        if what == "relations", probe.peek().kind == .end { parser = probe; _ = parser.advance(); return .list(.relations) }
        var kind: String?
        let kindSpan = probe.advance().span
        if what == "entities" {
            if probe.accept(keyword: "of") {
                _ = probe.accept(keyword: "kind")
                guard case let .word(name) = probe.current.kind else {
                    throw QueryError(.querySyntax, "expected a kind after 'of kind'", at: probe.current.span)
                }
                kind = name
                _ = probe.advance()
            }
        } else {
            kind = what.hasSuffix("s") ? String(what.dropLast()) : what
        }
        var matching: String?
        if let keyword = probe.current.keyword, matchingKeywords.contains(keyword) {
            _ = probe.advance()
            let name = try readName(&probe, after: "matching", from: probe.current.span)
            if case let .name(text, _) = name { matching = text }
        }
        guard probe.current.kind == .end else { return nil }
        parser = probe
        return .list(.entities(kind: kind, matching: matching, span: start.union(kindSpan)))
    }

    // MARK: rank, conditions with

    private static func parseRank(_ parser: inout QueryParser, from start: Span) throws(QueryError) -> Query {
        let stops: Set<String> = ["using", "from", "top"]
        var request = RankRequest(findings: [], excluded: [], similarity: "lr", database: "OMIM", limit: 10)
        repeat {
            if parser.current.keyword == "not" {
                let notSpan = parser.advance().span
                request.excluded.append(try readName(&parser, after: "not", from: notSpan, stopWords: stops, inList: true))
            } else {
                request.findings.append(try readName(&parser, after: "rank", from: start, stopWords: stops, inList: true))
            }
        } while parser.accept(.comma) || parser.accept(keyword: "and")
        var given: Set<String> = []
        while let keyword = parser.current.keyword, stops.contains(keyword) {
            // Each at most once, as `limit` is: 'top 1 top 3' is a mistake, not a choice.
            guard given.insert(keyword).inserted else { throw QueryError(.querySyntax, "'\(keyword)' is given twice", at: parser.current.span) }
            _ = parser.advance()
            guard case let .word(value) = parser.current.kind else {
                throw QueryError(.querySyntax, "expected a value after '\(keyword)'", at: parser.current.span)
            }
            let span = parser.advance().span
            switch keyword {
            case "using":
                guard RankingMethods.named(value) != nil else {
                    throw QueryError(.querySyntax,
                        "unknown ranking method '\(value)'; use " + RankingMethods.names.joined(separator: ", "), at: span,
                        suggestions: Spelling.closest(to: value, among: RankingMethods.names))
                }
                request.similarity = value.lowercased()
            case "from":
                request.database = value.uppercased() == "ORPHANET" ? "ORPHA" : value.uppercased()
                request.databaseSpan = span
            default:
                guard let limit = Int(value), (1...1000).contains(limit) else {
                    throw QueryError(.querySyntax, "expected a number from 1 to 1000 after 'top'", at: span)
                }
                request.limit = limit
            }
        }
        try parser.expectEnd()
        if request.findings.isEmpty { throw QueryError(.querySyntax, "rank needs at least one finding", at: start) }
        return .rank(request)
    }

    /// `conditions with A, B, not C`: the conditions that have each of `findings` and none of `absent`.
    static func conditions(
        having findings: [Term], without absent: [(name: Term, span: Span)] = [], at start: Span
    ) throws(QueryError) -> Query {
        let condition = Term.variable("condition", start)
        let path = try QueryParser.parsePath(findingPath)
        var clauses: [Clause] = [.kind(condition, "condition", start)]
        for finding in findings { clauses.append(.triple(condition, path, finding)) }
        for (name, span) in absent { clauses.append(.not([.triple(condition, path, name)], span)) }
        return .pattern(Pattern(selection: ["condition"], clauses: clauses), Presentation(form: "conditions"))
    }

    private static func parseConditionsWith(_ parser: inout QueryParser, from start: Span) throws(QueryError) -> Query {
        var findings: [Term] = [], absent: [(name: Term, span: Span)] = []
        // "which diseases have both tremor and jaundice (together)": every finding is required anyway.
        if parser.current.keyword == "both", case .word = parser.peek().kind { _ = parser.advance() }
        let together: Set<String> = ["together"]
        // "but no fatigue": "no" negates after a joining word (elsewhere it may begin a name).
        var joined = false
        repeat {
            if parser.current.keyword == "not" || parser.current.keyword == "without" || (joined && parser.current.keyword == "no") {
                let notSpan = parser.advance().span
                let name = try readName(&parser, after: "not", from: notSpan, stopWords: together, inList: true)
                absent.append((name, notSpan.union(name.span)))
            } else {
                findings.append(try readName(&parser, after: "conditions with", from: start, stopWords: together, inList: true))
            }
            joined = parser.accept(keyword: "but")
            if parser.accept(.comma) || parser.accept(keyword: "and") { joined = true }
        } while joined || parser.current.keyword == "without" || parser.current.keyword == "not"
        if parser.current.keyword == "or" {
            throw QueryError(.querySyntax, "'or' is not supported here: ask once per finding, or use a pattern with '|'", at: parser.current.span)
        }
        _ = parser.accept(keyword: "together")
        try parser.expectEnd()
        return try conditions(having: findings, without: absent, at: start)
    }

    // MARK: Helpers

    static func matches(_ keywords: [String], _ parser: QueryParser) -> Bool {
        for (offset, keyword) in keywords.enumerated() where parser.peek(offset).keyword != keyword { return false }
        return true
    }

    private static func skip(_ count: Int, _ parser: inout QueryParser) -> Span {
        var span = parser.current.span
        for _ in 0..<count { span = span.union(parser.advance().span) }
        return span
    }

    /// A name: one quoted string, or a run of words up to a comma, an arrow or a stop word; a
    /// leading article (`the`, `a`, `an`) is dropped.
    static func readName(
        _ parser: inout QueryParser, after keyword: String, from start: Span, stopWords: Set<String> = [],
        inList: Bool = false
    ) throws(QueryError) -> Term {
        if articles.contains(parser.current.keyword ?? ""), case .string = parser.peek().kind {
            _ = parser.advance()
        }
        if case let .string(text) = parser.current.kind {
            return .name(text, parser.advance().span)
        }
        var words: [String] = []
        var span: Span?
        while true {
            if case let .word(text) = parser.current.kind, !stopWords.contains(text.lowercased()),
               !(inList && ["and", "without", "but"].contains(text.lowercased()) && !words.isEmpty && parser.peek().kind != .end
                 && (keywordEndsList(parser) || negates(parser.peek()))
                 && !andJoinsName(dropArticle(words), parser, stopWords: stopWords)) {
                words.append(text)
                let token = parser.advance()
                span = span?.union(token.span) ?? token.span
            } else if !words.isEmpty, parser.current.kind == .slash, let before = span, before.end == parser.current.span.start,
                      case let .word(next) = parser.peek().kind, parser.peek().span.start == parser.current.span.end {
                // "hypoplasia/atrophy" written without spaces is one word of a name (400 HPO
                // names have one), not a path: question forms take names.
                words[words.count - 1] += "/" + next
                _ = parser.advance()
                span = before.union(parser.advance().span)
            } else if !inList, !words.isEmpty, parser.current.kind == .comma, case let .word(next) = parser.peek().kind,
                      !stopWords.contains(next.lowercased()) {
                // A form that takes one name reads a comma as part of it: OMIM's names hold
                // them ("Spastic paraplegia 4, autosomal dominant").
                words[words.count - 1] += ","
                _ = parser.advance()
            } else {
                break
            }
        }
        guard let span, !words.isEmpty else {
            if case .variable = parser.current.kind {
                throw QueryError(.querySyntax, "question forms take names; use the core pattern syntax for variables", at: parser.current.span)
            }
            throw QueryError(.querySyntax, "expected a name after '\(keyword)'", at: parser.current.span.start == 0 ? start : parser.current.span)
        }
        return .name(dropArticle(words).joined(separator: " "), span)
    }

    /// Whether the "and" at the parser's current token lies inside a name, in a list of names the
    /// graph is known to (``QueryParser/entityNamed``): the words before it (`words`) and the plain
    /// words after it name one entity together, and either the words before it name nothing
    /// ("pins and needles feeling", a synonym of Paresthesia) or both sides name that entity too
    /// ("altered gait and posture"). Words that name two things stay two findings ("tingling and
    /// numbness"), whatever their join names.
    private static func andJoinsName(_ words: [String], _ parser: QueryParser, stopWords: Set<String>) -> Bool {
        guard parser.current.keyword == "and", let entityNamed = parser.entityNamed else { return false }
        var after: [String] = []
        var offset = 1
        while case let .word(next) = parser.peek(offset).kind, !stopWords.contains(next.lowercased()),
              !["and", "without", "but", "not"].contains(next.lowercased()) {
            after.append(next)
            offset += 1
        }
        let before = words.joined(separator: " "), rest = after.joined(separator: " ")
        guard !after.isEmpty, let whole = entityNamed(before + " and " + rest) else { return false }
        guard let first = entityNamed(before) else { return true }
        let second = entityNamed(rest)
        if first == whole && second == whole { return true }
        // Two findings, each a name, whose join names a third concept ("nausea and vomiting"):
        // read as two, and said so.
        if second != nil {
            parser.remarks?.note("'\(before) and \(rest)' is also one concept's name, read here as two findings; "
                + "for that one, quote it: \"\(before) and \(rest)\"")
        }
        return false
    }

    /// Whether a word after "and" or "but" in a list of names negates the next one ("but not
    /// fatigue", "and no pain"): the joining word then ends the name before it even in a comma
    /// list (no HPO name holds "but not", "and not" or "but no").
    private static func negates(_ token: Token) -> Bool { ["not", "without", "no"].contains(token.keyword ?? "") }

    /// Whether an `and` or `without` in a list of names separates names (it does unless a comma
    /// list is in use; names with "and" in them can be quoted).
    private static func keywordEndsList(_ parser: QueryParser) -> Bool {
        var offset = 0
        while parser.peek(offset).kind != .end {
            if parser.peek(offset).kind == .comma { return false }
            offset += 1
        }
        return true
    }
}
