import Foundation
import SymptomGraph
import Testing
import TestSupport
@testable import SymptomQuery

/// Questions as people type them, against the bundled packs: each is a rewrite into the core,
/// and each answer comes with its evidence.
@Suite struct QuestionTests {
    let engine: QueryEngine

    init() throws { engine = try Fixtures.bundledEngine() }

    func labels(_ query: String) throws -> [String] {
        try engine.answer(query).rows.compactMap { row in
            guard case let .entity(id)? = row.values.first else { return nil }
            return engine.graph[id].label
        }
    }

    @Test(arguments: [
        ("does MS cause paralysis", "yes"),
        ("does ms spasms cause paralysis?", "yes"),
        ("can neck movement trigger Lhermitte's sign", "yes"),
        ("is tremor a symptom of ms", "not known"),
        ("is tingling a symptom of ms spasms", "yes"),
        ("is multiple sclerosis a kind of autoimmune disease", "yes"),
        ("is tremor a symptom", "yes"),
        // Kinds are not exclusive: a symptom may be a sign too, and nothing says tremor is not.
        ("is tremor a sign", "not known"),
        ("is tremor a condition", "no"),
        ("is neck movement a symptom", "no"),
        ("does neck movement cause tremor", "not known"),
        // Setting off is causing; making worse is not (Lhermitte's sign only exacerbates tremor).
        ("does neck movement cause lhermitte's sign", "yes"),
        ("does lhermitte's sign cause tremor", "not known"),
        ("does ms cause paralysis or not", "yes"),
    ])
    func yesNoQuestions(question: String, answer: String) throws {
        let result = try engine.answer(question)
        #expect(result.answer == answer, "\(question): \(result.message ?? "")")
        if answer == "yes", result.form != "is-kind-of" { #expect(!(result.rows.first?.derivations.isEmpty ?? true)) }
    }

    /// Words that read as a question no form matches, or that join two names, are an unknown
    /// question (with the forms symkb knows), not "unknown relation 'ms'"; a question about the
    /// asker says symkb cannot answer it.
    @Test(arguments: ["is ms contagious", "is tingling serious", "tingling and numbness", "I have numbness", "do I have ms", "am I sick"])
    func questionsNoFormMatchesAreSaidToBeUnknown(question: String) {
        #expect {
            try engine.answer(question)
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.id == .unknownQuestion && error.span == Span(0, question.count)
        }
    }

    /// Words other shells take as commands point to the dot-command; a sentence about the asker
    /// that does not parse is refused for what it asks, not located where the parse stopped.
    @Test func commandWordsAndSentencesAboutTheAskerSayWhatToDo() {
        func message(_ text: String) -> String {
            do { _ = try engine.answer(text); return "" } catch { return error.id == .unknownQuestion ? error.message : "\(error)" }
        }
        for word in ["exit", "quit", "Quit"] { #expect(message(word).contains("type .quit"), "\(word)") }
        #expect(message("help").contains("type .help"))
        #expect(message("I have a headache and my hands shake, what do I have?").hasPrefix("symkb cannot tell whether you have a condition"))
    }

    /// A question about a condition answered from what its symptom's article says names the
    /// symptom ("via …"), so that it does not read as a fact about the condition itself; advice
    /// says it is not medical advice.
    @Test func answersThroughASymptomSayWhichAndAdviceIsNotMedicalAdvice() throws {
        func table(_ query: String) throws -> String {
            let outcome = QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) })
            return ResultRenderer(format: .table, showsProvenance: false, graph: engine.graph).render(outcome)
        }
        #expect(try table("mechanism of ms").contains("Loss of muscle tone  via Multiple sclerosis spasms"))
        #expect(try !table("mechanism of ms spasms").contains("via"))
        let advice = try engine.answer("what should I do about ms spasms")
        #expect(advice.disclaimer?.contains("not medical advice") == true)
        #expect(try table("advice for ms spasms").contains("not medical advice: ask a doctor or nurse"))
        // Scripts get both: the symptoms in a row's "via", and the disclaimer with each JSON Lines record.
        func rendered(_ query: String, _ format: OutputFormat) throws -> String {
            let outcome = QueryOutcome(query: query, result: Result { () throws(QueryError) in try engine.answer(query) })
            return ResultRenderer(format: format, showsProvenance: false, graph: engine.graph).render(outcome)
        }
        let documents = try JSONDecoder().decode([OutcomeDocument].self, from: Data(try rendered("mechanism of ms", .json).utf8))
        guard case let .result(mechanism)? = documents.first else { Issue.record("no result document"); return }
        #expect(mechanism.rows.map { $0.via?.map(\.label) } == [["Multiple sclerosis spasms"]])
        let direct = try JSONDecoder().decode([OutcomeDocument].self, from: Data(try rendered("mechanism of ms spasms", .json).utf8))
        guard case let .result(document)? = direct.first else { Issue.record("no result document"); return }
        #expect(!document.rows.isEmpty && document.rows.allSatisfy { $0.via == nil })
        let lines = try rendered("advice for ms spasms", .jsonl).split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let record = try JSONDecoder().decode(RowDocument.self, from: Data(line.utf8))
            #expect(record.disclaimer?.contains("not medical advice") == true)
        }
    }

    /// A refused question offers what can be asked of the names it holds.
    @Test func refusedQuestionsSuggestQuestionsOfTheirNames() {
        func suggestions(_ question: String) -> [String] {
            do { _ = try engine.answer(question); return [] } catch { return error.suggestions }
        }
        #expect(suggestions("is ms contagious") == ["describe ms"])
        // No disease annotations are loaded: no ranking is suggested.
        #expect(suggestions("tingling and numbness") == ["conditions with tingling, numbness"])
        // "both … (together)" asks what every finding list asks.
        let plain = try? engine.answer("which conditions have tingling and numbness")
        for question in ["which conditions have both tingling and numbness", "conditions with tingling and numbness together"] {
            #expect((try? engine.answer(question))?.core == plain?.core && plain?.core != nil, "\(question)")
        }
    }

    /// A sentence about the asker is refused (symkb tells no one what they have), however it is
    /// put; the findings or the condition it names, when they are names, make the suggestions.
    @Test func sentencesAboutTheAskerSuggestQuestionsOfWhatTheyName() throws {
        func refusal(_ sentence: String) -> QueryError? {
            do { _ = try engine.answer(sentence); return nil } catch { return error.id == .unknownQuestion ? error : nil }
        }
        // The bundled packs have no disease annotations to rank.
        let findings = refusal("I have tingling and numbness")
        #expect(findings?.suggestions == ["conditions with tingling, numbness"])
        #expect(findings?.message.hasSuffix("with these findings: 'conditions with tingling, numbness'") == true, "\(findings?.message ?? "")")
        #expect(refusal("why do I have tingling?")?.suggestions == ["conditions with tingling"])
        #expect(refusal("I keep getting numbness, tingling and a tremor")?.suggestions == ["conditions with numbness, tingling, tremor"])
        #expect(refusal("do I have ms")?.suggestions == ["symptoms of ms", "describe ms"])
        // Asked for someone else, the same.
        #expect(refusal("my child has tingling and numbness")?.suggestions == ["conditions with tingling, numbness"])
        #expect(refusal("my husband keeps getting tingling")?.suggestions == ["conditions with tingling"])
        // Nothing it names is a name: the refusal alone, with what can be asked.
        // (A trigger is no finding: nothing to rank or list conditions with.)
        for sentence in ["what is wrong with me", "I'm dizzy", "I\u{2019}m dizzy", "what do I have", "I have a headache and my hands shake",
                         "I have neck movement"] {
            let error = refusal(sentence)
            #expect(error?.message.hasPrefix("symkb cannot tell whether you have a condition") == true, "\(sentence)")
            #expect(error?.suggestions == [], "\(sentence)")
        }
        // A numeral "I" is no asker, and a question with "I" in it still answers.
        #expect(QuestionForms.aboutTheAsker(try Lexer.tokenize("symptoms of mucopolysaccharidosis type I")) == nil)
        #expect(QuestionForms.aboutTheAsker(try Lexer.tokenize("ME/CFS")) == nil)  // myalgic encephalomyelitis
        #expect(throws: Never.self) { _ = try engine.answer("what should I do about ms spasms") }
        // With annotations loaded, the findings are also ranked.
        let annotated = try QualifierFilterTests.engine()
        do {
            _ = try annotated.answer("I have term one and term two")
            Issue.record("a sentence about the asker was answered")
        } catch {
            #expect(error.suggestions == ["rank term one, term two", "conditions with term one, term two"])
            #expect(error.message.hasSuffix("rank them: 'rank term one, term two'"), "\(error.message)")
        }
    }

    /// A name written with a slash and no spaces (400 HPO names, "Cone/cone-rod dystrophy") is
    /// one name in a question form and typed alone, not a path; a pattern's path is unchanged.
    @Test func namesWithASlashAreNames() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tCone/rod disease\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            """)
        #expect(try engine.answer("symptoms of Cone/rod disease").rows.count == 1)
        #expect(try engine.answer("conditions with term three, not term two").rows.count == 1)
        #expect(try engine.answer("Cone/rod disease").form == "describe")
        #expect { try engine.answer("Cone/rod diseese") } throws: { error in
            (error as? QueryError)?.id == .unknownName && (error as? QueryError)?.suggestions.first == "Cone/rod disease"
        }
        // Spaced, or in a pattern, the slash is a path's.
        #expect(throws: QueryError.self) { _ = try engine.answer("Cone / rod disease") }
        #expect(try self.engine.answer("select ?x where ms has_symptom/causes ?x").form != "describe")
    }

    /// Everyday phrasings that read as a pattern (a relation 'vs', 'in'), or that lead into a
    /// form ("how many … are there", "meaning of"): a form's answer, or an error about the
    /// question with what to ask — never "unknown relation 'in'".
    @Test func everydayPhrasingsAreNotPatterns() throws {
        func suggestions(_ question: String) -> [String]? {
            do { _ = try engine.answer(question); return nil } catch { return error.suggestions }
        }
        for comparison in ["tremor vs tingling", "what is the difference between tremor and tingling?", "compare tremor with tingling"] {
            #expect(suggestions(comparison) == ["describe tremor", "describe tingling", "how are tremor and tingling related"], "\(comparison)")
        }
        // A side that names nothing is said, with the name nearest it, not an unknown name of the whole line.
        do {
            _ = try engine.answer("tremor vs tingleing")
            Issue.record("a comparison was answered")
        } catch {
            #expect(error.id == .unknownQuestion && error.suggestions == ["describe tremor", "describe tingleing"])
            #expect(error.notes == ["'tingleing' names nothing in the loaded packs (did you mean \"Tingling\"?)"], "\(error.notes)")
        }
        #expect(suggestions("numbness in hands") == ["describe numbness", "conditions with numbness"])
        // Three words that are no pattern (no relation's near miss, not two names around it), and
        // a slashed name alone, are unknown names, not "unknown relation 'legs'" or "found '/'".
        for name in ["restless legs syndrome", "ME/CFS"] {
            #expect { try engine.answer(name) } throws: { ($0 as? QueryError)?.id == .unknownName }
        }
        #expect(try engine.answer("meaning of tremor").form == "describe")
        #expect(try engine.answer("what is the definition of tremor").form == "describe")
        let conditions = try engine.answer("count conditions with tingling").rows.first?.values
        #expect(try engine.answer("how many conditions cause tingling").rows.first?.values == conditions)
        #expect(try engine.answer("how many conditions are there").rows.first?.values
            == (try engine.answer("count conditions").rows.first?.values))
    }

    @Test func questionsInWordsSayThatNoAnswerIsNotANo() throws {
        let advice = try engine.answer("advice for tingling")
        #expect(advice.message?.hasPrefix("no answers: nothing in the loaded packs answers this, which does not mean there is none") == true,
                "\(advice.message ?? "")")
        #expect(advice.message?.hasSuffix("; ask a doctor or nurse") == true)
        #expect(try labels("what does neck movement cause") == ["Lhermitte's sign"])
    }

    /// "Not known" names a chain that links the two, but not one through another condition:
    /// Disease one and Term two are linked only by Disease two having both Term three and Term two.
    @Test func notKnownNamesNoChainThroughAnotherCondition() throws {
        let tiny = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000012\tPMID:2\tPCS\t\t\t\t\tP\tx
            """)
        let result = try tiny.answer("does disease one have term two")
        #expect(result.answer == "not known")
        #expect(result.message?.contains("they are related") == false, "\(result.message ?? "")")
        // A chain through findings alone is still named.
        #expect(try engine.answer("does ms cause tremor").message?.contains(
            "they are related: Multiple sclerosis -has_symptom-> Multiple sclerosis spasms -associated_with-> Tremor") == true)
    }

    /// An id of a vocabulary no loaded pack uses says so (and, for the HPO, how to install it);
    /// one of a loaded namespace is just unknown.
    @Test func anIdOfAVocabularyNotLoadedSaysSo() throws {
        func message(_ query: String) -> String {
            do { _ = try engine.answer(query); return "answered" } catch { return error.message }
        }
        #expect(message("ancestors of HP:0001257") == "unknown entity 'HP:0001257': no loaded pack has ids in the 'HP' "
            + "namespace; the Human Phenotype Ontology is installed with 'symkb pack install hpo'")
        #expect(message("describe MONDO:0005301") == "unknown entity 'MONDO:0005301': no loaded pack has ids in the 'MONDO' namespace")
        #expect(message("describe ms:no-such-thing") == "unknown entity 'ms:no-such-thing'")
    }

    /// A form that takes one name reads commas as part of it (OMIM's names hold them); a second
    /// name after a comma is then an unknown name that says the form takes one.
    @Test func aNameWithCommasIsOneNameAndASecondNameIsSaidToBeOne() throws {
        let described = try engine.answer("describe Can occur on its own, without other symptoms")
        #expect(described.subject.map { engine.graph[$0].id } == "ms:occurs-on-its-own")
        for query in ["symptoms of ms, tremor", "what triggers tremor, pain", "describe tremor, pain"] {
            #expect {
                _ = try engine.answer(query)
            } throws: { error in
                guard let error = error as? QueryError else { return false }
                return error.id == .unknownName && error.message.hasSuffix("; this question takes one name: ask about each in turn")
            }
        }
    }

    /// A misspelt question ("symtoms of ms", a pattern with the relation 'of') says what it
    /// probably is, at the misspelt words; a pattern whose relation is merely unknown does not.
    @Test func aMisspeltQuestionIsSaidToBeOne() {
        for (query, phrase, span) in [("symtoms of ms", "symptoms of", Span(0, 10)), ("waht causes paralysis", "what causes", Span(0, 11)),
                                      ("efects of ms spasms", "effects of", Span(0, 9))] {
            #expect {
                _ = try engine.answer(query)
            } throws: { error in
                guard let error = error as? QueryError else { return false }
                return error.id == .unknownQuestion && error.suggestions == [phrase] && error.span == span
            }
        }
        // When the words after the phrase are no name either, both are said; a pattern with an
        // unknown relation is no question; a quoted name is no phrase.
        #expect {
            _ = try engine.answer("efects of xyzzy")
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.id == .unknownQuestion && error.notes == ["the name fails too: unknown entity 'xyzzy'"]
        }
        #expect {
            _ = try engine.answer("tremor resembles pain")
        } throws: { error in
            (error as? QueryError)?.id == .unknownRelation
        }
        #expect {
            _ = try engine.answer("\"signs of ms\" symptom_of ?x")
        } throws: { error in
            (error as? QueryError)?.id == .unknownName
        }
    }

    /// Plain words that read as a pattern whose relation is 'of' or 'and' are a name when the
    /// whole of them is one: described, not an unknown relation.
    @Test func aNameWithOfOrAndInItIsDescribed() throws {
        for name in ["loss of muscle tone", "muscle and nerve degeneration", "contraction of muscles", "contraction of muscles?"] {
            let result = try engine.answer(name)
            #expect(result.form == "describe", "\(name)")
            #expect(result.subject != nil, "\(name)")
        }
        // A name misspelt says so, with its suggestion, rather than 'unknown relation of'.
        #expect {
            _ = try engine.answer("contraction of muscels")
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.id == .unknownName && error.suggestions == ["Muscle contraction"]
        }
    }

    @Test func everydayPhrasings() throws {
        #expect(try labels("what makes Lhermitte's sign happen") == ["Neck movement"])
        #expect(try labels("what brings on Lhermitte's sign") == ["Neck movement"])
        #expect(try labels("how is Lhermitte's sign triggered?") == ["Neck movement"])
        // A misspelt question with an unknown name says both, the question first.
        #expect {
            _ = try engine.answer("symtoms of migrane")
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.id == .unknownQuestion && error.suggestions == ["symptoms of"]
                && error.notes.first?.hasPrefix("the name fails too: unknown entity 'migrane'") == true
        }
        #expect(try labels("symptoms matching tingl") == (try labels("list symptoms matching tingl")))
        #expect(try engine.answer("count conditions matching sclerosis").rows.first?.values == [.integer(1)])
        #expect(try engine.answer("how are tremor and spasms related").form == "related")
        // Nothing says what causes tingling; the answer is the conditions that have it, and says so.
        let causes = try engine.answer("what causes tingling")
        #expect(try labels("what causes tingling") == (try labels("conditions with tingling")) && !causes.rows.isEmpty)
        #expect(causes.notes == ["nothing in the loaded packs says what causes tingling; these are the conditions that have it "
            + "(conditions with tingling)"], "\(causes.notes)")
        // What sets a finding off comes first: neck movement triggers Lhermitte's sign.
        #expect(try labels("what causes Lhermitte's sign") == ["Neck movement"])
        // Two names in a question that takes one: each asked in turn, and the conditions with both.
        #expect {
            _ = try engine.answer("what causes tingling and numbness")
        } throws: { error in
            (error as? QueryError)?.suggestions == ["what causes tingling", "what causes numbness", "conditions with tingling, numbness"]
        }
        #expect {
            _ = try engine.answer("symptoms of ms and ms spasms")
        } throws: { error in
            (error as? QueryError)?.suggestions == ["symptoms of ms", "symptoms of ms spasms"]
        }
        #expect(try engine.answer("symptoms of paralysis").message?.hasSuffix("; 'Paralysis' is an effect, not a condition") == true)
        // Asked for the symptoms of a finding, the answer says it is one, and which conditions have it.
        let symptoms = try engine.answer("symptoms of tingling")
        #expect(symptoms.rows.isEmpty && symptoms.message?.hasSuffix(
            "; 'Tingling' is a symptom, not a condition; 1 condition has tingling (conditions with tingling)") == true,
                "\(symptoms.message ?? "")")
        #expect(try labels("what does \"neck movement\" trigger") == ["Lhermitte's sign"])
        #expect(try labels("what are the symptoms of ms spasms?") == (try labels("symptoms of ms spasms")))
        // Lead-ins before `X symptoms`, contractions, and a bare plural kind.
        #expect(try labels("what are ms spasms symptoms") == (try labels("symptoms of ms spasms")))
        #expect(try labels("what are the ms spasms symptoms") == (try labels("symptoms of ms spasms")))
        #expect(try labels("what're the symptoms of ms spasms") == (try labels("symptoms of ms spasms")))
        #expect(try labels("whats the cause of ms spasms") == (try labels("what is the cause of ms spasms")))
        #expect(try labels("what are the triggers") == (try labels("triggers")))
        // An exclamation that ends a question is punctuation too.
        #expect(try labels("symptoms of ms spasms!") == (try labels("symptoms of ms spasms")))
        #expect(try labels("what triggers lhermitte's sign?!") == ["Neck movement"])
        #expect(try labels("tell me about the tremor") == (try labels("describe tremor")))
        #expect(try engine.answer("pain").subject.map { engine.graph[$0].id } == "ms:pain")
        #expect(try engine.answer("\"neck movement\"").subject.map { engine.graph[$0].id } == "ms:neck-movement")
        #expect(try labels("what should I do about ms spasms") == ["See a doctor for proper care and treatment"])
    }

    /// A condition lends itself the facts stated about its symptoms (one has_symptom step).
    @Test(arguments: [
        ("which symptoms does ms spasms have", "symptoms of ms spasms"),
        ("ms spasms symptoms", "symptoms of ms spasms"),
        ("symptom of ms spasms", "symptoms of ms spasms"),
        ("sign of ms spasms", "symptoms of ms spasms"),
        ("effect of ms spasms", "effects of ms spasms"),
        ("complication of ms spasms", "effects of ms spasms"),
        ("how do I treat ms spasms", "advice for ms spasms"),
        ("treatment for ms spasms", "advice for ms spasms"),
        ("how does ms progress", "course of ms"),
        ("what conditions cause tingling", "conditions with tingling"),
        ("which disease has tingling, numbness and stiffness", "conditions with tingling, numbness, stiffness"),
        ("conditions with tingling but not tremor", "conditions with tingling, not tremor"),
        ("why do ms spasms happen", "what makes ms spasms happen"),
        ("where is lhermitte sign felt", "lhermittes-sign located_in ?location"),
        ("triggers", "list triggers"),
    ])
    func phrasingsMeanTheirForms(question: String, form: String) throws {
        let asked = try engine.answer(question)
        let canonical = try engine.answer(form)
        #expect(asked.rows.map(\.values) == canonical.rows.map(\.values), "\(question)")
        #expect(!asked.rows.isEmpty, "\(question)")
    }

    /// A pattern without variables asks whether it holds: yes, with the assertion that says so,
    /// not an empty table; one that does not hold has no answers.
    @Test func aPatternWithoutVariablesAnswersYesWithItsEvidence() throws {
        let held = try engine.answer("lhermittes-sign triggered_by neck-movement")
        #expect(held.answer == "yes")
        #expect(held.columns == ["answer"])
        #expect(held.rows.map(\.values) == [[.text("yes")]])
        #expect(held.rows.first?.derivations.isEmpty == false)
        #expect(held.message?.hasPrefix("yes: Lhermitte's sign ") == true, "\(held.message ?? "")")
        let absent = try engine.answer("lhermittes-sign causes neck-movement")
        #expect(absent.rows.isEmpty && absent.answer == nil)
        #expect(absent.message?.hasPrefix("no answers") == true)
    }

    @Test func countsAndRelationsInEverydayWords() throws {
        #expect(try engine.answer("how many symptoms does ms spasms have").rows.first?.values == [.integer(7)])
        #expect(try engine.answer("count the symptoms of ms spasms").rows.first?.values == [.integer(7)])
        #expect(try engine.answer("is there a link between tremor and ms spasms").form == "related")
        // Not read as "what's X" or "what is X".
        #expect(try engine.answer("what's the link between tremor and ms spasms").form == "related")
        #expect(try engine.answer("what\u{2019}s the link between tremor and ms spasms").form == "related")
        #expect(try engine.answer("what is the relationship between tremor and ms spasms?").form == "related")
        #expect(try engine.answer("are tremor and ms spasms related").form == "related")
        #expect(try engine.answer("why does neck movement cause paralysis").answer == "causal")
        #expect(try engine.answer("why ms -> paralysis").answer == "causal")
        #expect(try engine.answer("is ms the cause of paralysis").answer == "yes")
        // A question symkb does not know says so, with forms it does know.
        for question in ["what can I ask", "when will ms go away"] {
            #expect { try engine.answer(question) } throws: { error in
                (error as? QueryError)?.message.hasPrefix("symkb does not know this question") == true
            }
        }
        let empty = try engine.answer("what triggers tremor")
        #expect(empty.rows.isEmpty && empty.message?.hasPrefix("no answers") == true)
    }

    @Test func questionsAboutAConditionUseItsSymptoms() throws {
        #expect(try labels("advice for ms") == ["See a doctor for proper care and treatment"])
        #expect(try labels("course of ms").contains("Worsens with age"))
        #expect(try labels("what does ms cause").contains("Paralysis"))
        // A condition causes its symptoms: "can ms cause tingling" agrees with "symptoms of ms".
        #expect(try engine.answer("can ms cause tingling").answer == "yes")
        #expect(try engine.answer("does neck movement cause tingling").answer != "yes")
        // A symptom's effects are its own: effects of MS spasms do not include those of Lhermitte's sign.
        #expect(try !labels("effects of ms spasms").contains("Cellular damage"))
    }

    @Test func relatedListsShortChains() throws {
        let result = try engine.answer("how are tremor and spasms related")
        #expect(result.form == "related")
        #expect(result.rows.count >= 2)
        guard case let .text(first)? = result.rows.first?.values.last else { Issue.record("no chain"); return }
        #expect(first == "Tremor -associated_with-> Multiple sclerosis spasms")
        #expect(try engine.answer("how is tremor related to ms spasms").rows.count == result.rows.count)
    }

    @Test func whyPrefersCausalChains() throws {
        let causal = try engine.answer("why neck movement -> paralysis")
        #expect(causal.answer == "causal")
        let association = try engine.answer("why neck movement -> numbness")
        #expect(association.answer == "association")
        #expect(association.message?.hasPrefix("no causal chain from Neck movement to Numbness; related through") == true)
    }

    @Test func filtersCountsAndLimits() throws {
        // A row stays when one of its derivations passes: Pain is stated plainly and also reached through a "may".
        #expect(try labels("symptoms of ms spasms where certainty = may")
            == ["Dull pain throughout the body and extremities", "Lhermitte's sign", "Numbness", "Pain", "Tingling"])
        #expect(try labels("symptoms of ms spasms where certainty >= always")
            == ["Pain", "Restricted movement of affected limbs and body parts", "Stiffness"])
        #expect(try labels("symptoms of ms spasms where pack = multiple-sclerosis limit 2").count == 2)
        #expect(try labels("symptoms of ms spasms where pack = ms-hpo").isEmpty)  // loaded, but it states none of them
        #expect(try labels("symptoms of ms spasms order by symptom desc").first == "Tingling")
        let count = try engine.answer("count symptoms of ms spasms")
        #expect(count.columns == ["count"])
        #expect(count.rows.first?.values == [.integer(7)])
        #expect(try engine.answer("how many symptoms of ms spasms").rows.first?.values == [.integer(7)])
        #expect(throws: QueryError.self) { try engine.answer("symptoms of ms where frequency >= lots") }
        #expect(throws: QueryError.self) { try engine.answer("symptoms of ms order by nothing") }
    }

    @Test func filtersNameWhatIsNotThere() throws {
        for (query, message) in [
            ("symptoms of ms spasms where pack = nosuch", "no pack 'nosuch' is loaded"),
            ("symptoms of ms spasms where source = nosuch", "no source 'nosuch' is loaded"),
            ("symptoms of ms spasms where certanty = may", "expected a filter"),
        ] {
            do {
                _ = try engine.answer(query)
                Issue.record("\(query) was answered")
            } catch {
                #expect(error.id == .queryFilter, "\(query)")
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
    }

    @Test func modifiersComeInAnyOrder() throws {
        let canonical = try labels("symptoms of ms spasms where certainty = may order by symptom desc limit 3")
        #expect(canonical == ["Tingling", "Pain", "Numbness"])
        for query in [
            "symptoms of ms spasms limit 3 order by symptom desc where certainty = may",
            "symptoms of ms spasms order by symptom desc where certainty = may limit 3",
            "symptoms of ms spasms limit 3 where certainty = may order by symptom desc",
        ] {
            #expect(try labels(query) == canonical, "\(query)")
        }
        do {
            _ = try engine.answer("symptoms of ms spasms limit 3 order by symptom limit 2")
            Issue.record("a repeated limit was accepted")
        } catch {
            #expect(error.message == "'limit' is given twice")
        }
        // So are a ranking's modifiers: 'top 1 top 3' is a mistake, not a choice.
        for query in ["rank tremor top 1 top 3", "rank tremor from ORPHA from OMIM", "rank tremor using resnik using lr"] {
            do {
                _ = try engine.answer(query)
                Issue.record("a repeated modifier was accepted: \(query)")
            } catch {
                #expect(error.message.hasSuffix("is given twice"), "\(query): \(error.message)")
            }
        }
    }

    @Test func frequenciesReadHPOTermsAndFractions() {
        #expect(QueryEngine.frequencyRange("HP:0040281") == 80...99)
        #expect(QueryEngine.frequencyRange("3/4") == 75...75)
        #expect(QueryEngine.frequencyRange("25%") == 25...25)
        #expect(QueryEngine.frequencyRange("often") == nil)
    }

    @Test func theVocabularyIsListed() throws {
        let relations = try engine.answer("list relations")
        #expect(relations.columns == ["relation", "inverse", "properties", "ro", "biolink", "pack"])
        #expect(relations.rows.contains { $0.values.first == .text("triggered_by") && $0.values[1] == .text("triggers") })
        #expect(try engine.answer("list kinds").rows.count == engine.graph.kinds.count)
        #expect(try labels("list symptoms matching pain") == ["Dull pain throughout the body and extremities", "Pain"])
        #expect(try labels("list entities of kind trigger") == ["Neck movement"])
        #expect(throws: QueryError.self) { try engine.answer("list sympton") }
        #expect(try engine.answer("schema").rows.count == engine.graph.kinds.count + engine.graph.relations.count)
    }

    /// In the shell, a phrase waiting for its name waits for the next line (`...>`).
    @Test func unfinishedPhrasesContinue() {
        #expect(ScriptSplitter.isIncomplete("symptoms of", waitingForName: true))
        #expect(ScriptSplitter.isIncomplete("what are the symptoms of", waitingForName: true))
        #expect(!ScriptSplitter.isIncomplete("symptoms of ms", waitingForName: true))
    }
}
