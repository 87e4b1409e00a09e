import Testing
@testable import SymptomQuery

@Suite struct ParserTests {
    @Test func lexesWordsQuotesVariablesAndOperators() throws {
        let kinds = try Lexer.tokenize(#"?x ^triggered_by+ "Lhermitte's sign", lhermitte's -> a|b/c*"#).map(\.kind)
        #expect(kinds == [
            .variable("x"), .caret, .word("triggered_by"), .plus, .string("Lhermitte's sign"), .comma,
            .word("lhermitte's"), .arrow, .word("a"), .pipe, .word("b"), .slash, .word("c"), .star, .end,
        ])
    }

    /// Invisible format characters pasted with a question (a byte-order mark, a right-to-left mark,
    /// a zero-width space) are space outside quotes; a visible stray character is still an error.
    @Test func invisibleFormatCharactersAreSpace() throws {
        let kinds = try Lexer.tokenize("\u{FEFF}symptoms of\u{200B} ms\u{200F}").map(\.kind)
        #expect(kinds == [.word("symptoms"), .word("of"), .word("ms"), .end])
        // Inside a word (a soft hyphen), dropped: the word stays one.
        #expect(try Lexer.tokenize("tre\u{AD}mor").map(\.kind) == [.word("tremor"), .end])
        #expect(throws: QueryError.self) { _ = try Lexer.tokenize("symptoms of ms \u{1F642}") }
    }

    @Test func parsesCorePatternsBackToTheirText() throws {
        for text in [
            "?x triggered_by \"neck movement\"",
            "?c has_symptom+/is_a* tingling, not ?c kind sign",
            "select ?s where ms-spasms (causes|^exacerbated_by)+ ?s",
            "not (?a causes ?b, ?b causes ?a)",
            "tremor ?r ?x",
        ] {
            guard case let .pattern(pattern, presentation) = try QueryParser.parse(text) else {
                Issue.record("\(text) is not a pattern")
                continue
            }
            #expect(pattern.description == text)
            #expect(presentation.form == "pattern")
        }
    }

    @Test func questionFormsRewriteToDocumentedPatterns() throws {
        let cases = [
            ("symptoms of MS spasms", "\"MS spasms\" has_symptom+ ?symptom", "symptoms"),
            ("what triggers Lhermitte's sign?", "?trigger triggers \"Lhermitte's sign\"", "triggers"),
            ("what does neck movement trigger", "\"neck movement\" triggers ?triggered", "triggered"),
            ("what causes ms spasms", "?cause causes|mechanism_of \"ms spasms\"", "causes"),
            ("what's causing ms spasms", "?cause causes|mechanism_of \"ms spasms\"", "causes"),
            ("what can cause paralysis", "?cause causes|mechanism_of paralysis", "causes"),
            ("what is triggering Lhermitte's sign", "?trigger triggers \"Lhermitte's sign\"", "triggers"),
            ("effects of tremor", "tremor has_symptom?/(causes+|exacerbates|may_lead_to|triggers) ?effect", "effects"),
            ("what are the symptoms of the MS spasms?", "\"MS spasms\" has_symptom+ ?symptom", "symptoms"),
            ("what makes Lhermitte's sign happen", "?cause triggers|causes|mechanism_of|may_result_from \"Lhermitte's sign\"",
             "triggers-and-causes"),
            ("what does \"neck movement\" trigger", "\"neck movement\" triggers ?triggered", "triggered"),
            ("what should I do about ms", "ms has_symptom?/has_advice ?advice", "advice"),
            ("course of ms", "ms has_symptom?/has_course ?course", "course"),
            ("conditions with tingling, not tremor",
             "select ?condition where ?condition kind condition, ?condition has_symptom+/is_a* tingling, not ?condition has_symptom+/is_a* tremor",
             "conditions"),
            // "but not" and "and no" negate the next name, in a comma list too.
            ("conditions with tingling but not tremor, not pain",
             "select ?condition where ?condition kind condition, ?condition has_symptom+/is_a* tingling, "
                + "not ?condition has_symptom+/is_a* tremor, not ?condition has_symptom+/is_a* pain",
             "conditions"),
            ("conditions with tingling, numbness and no tremor",
             "select ?condition where ?condition kind condition, ?condition has_symptom+/is_a* tingling, "
                + "?condition has_symptom+/is_a* numbness, not ?condition has_symptom+/is_a* tremor",
             "conditions"),
            ("descendants of disease", "?descendant is_a+ disease", "descendants"),
            // A lead-in before `X symptoms`; but a form whose name ends in "signs" stays that form.
            ("what are the ms spasms symptoms", "\"ms spasms\" has_symptom+ ?symptom", "symptoms"),
            ("what are the conditions with bulbar signs",
             "select ?condition where ?condition kind condition, ?condition has_symptom+/is_a* \"bulbar signs\"", "conditions"),
        ]
        for (question, core, form) in cases {
            guard case let .pattern(pattern, presentation) = try QueryParser.parse(question) else {
                Issue.record("\(question) did not rewrite to a pattern")
                continue
            }
            #expect(pattern.description == core)
            #expect(presentation.form == form)
        }
    }

    @Test func specialQuestionsParse() throws {
        guard case let .why(from, to) = try QueryParser.parse("why neck movement -> tremor") else {
            Issue.record("not a why question")
            return
        }
        #expect(from.description == "\"neck movement\"" && to.description == "tremor")
        guard case let .near(center, radius) = try QueryParser.parse("near \"MS spasms\" within 2") else {
            Issue.record("not a near question")
            return
        }
        #expect(center.description == "\"MS spasms\"" && radius == 2)
    }

    @Test(arguments: [
        ("symptoms of", 11, "expected a name after 'symptoms of'"),
        ("?x triggered_by", 15, "expected an object (a ?variable or a name), found the end of the query"),
        ("?x", 2, "expected a relation after ?x"),
        ("\"open", 0, "unterminated quoted name"),
        ("?x causes ?y ?z", 13, "unexpected '?z'"),
        ("why a b", 7, "expected '->'"),
        ("near x within 99", 14, "expected a number of steps from 1 to 10"),
        ("?x (causes ?y", 11, "expected ')'"),
        ("", 0, "empty query"),
        ("?x causes ?y; ", 12, "unexpected character ';'"),
        ("?x causes ! ?y", 10, "not equal is '!='"),
    ])
    func syntaxErrorsCarryTheirColumn(text: String, column: Int, message: String) {
        #expect {
            _ = try QueryParser.parse(text)
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.span.start == column && error.message.contains(message)
        }
    }

    @Test func caretPointsAtTheSpan() {
        let error = QueryError(.unknownName, "unknown entity 'x'", at: Span(12, 25))
        #expect(error.caret(in: "symptoms of Lhermite sign") == "  symptoms of Lhermite sign\n              ^~~~~~~~~~~~~")
    }
}
