import Foundation
import KnowledgePacks
import Testing
import TestSupport
@testable import SymkbShell

@Suite struct CompleterTests {
    let completer: Completer

    init() throws { completer = Completer(knowledge: try Fixtures.bundledKnowledge()) }

    /// Completion reads a compiled pack's table in place; it must offer what indexing the files does.
    @Test func completionFromACompiledPackMatchesTheFiles() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        func load() throws -> (knowledge: KnowledgeBase, contents: [PackContent]) {
            let (contents, _) = try PackLoading.read(Fixtures.bundledPackFiles() + [try PackFiles.read(directory: folder.path)])
            return (try KnowledgeBase(packs: contents), contents)
        }
        let (text, contents) = try load()
        _ = try PackCompiler.compile("tiny", among: contents)
        let (compiled, _) = try load()
        #expect(compiled.packsFromSnapshots == ["tiny"])
        let fromFiles = CompletionIndex(graph: text.graph), fromSnapshot = CompletionIndex(graph: compiled.graph)
        for prefix in ["t", "term", "term o", "one", "hp:000001", "first", "disease", "d", "o", "lherm", "sign", "tremor", "x"] {
            #expect(fromSnapshot.names(matching: prefix) == fromFiles.names(matching: prefix), "\(prefix)")
        }
        #expect(fromSnapshot.names(matching: "term o") == ["Term one"])
        #expect(fromSnapshot.names(matching: "fir") == ["first"])
        #expect(fromSnapshot.names(matching: "thr").contains("Term three"))  // a later word
    }

    /// Two entities with one name (a disease's label, a term's synonym) offer it once.
    @Test func aNameTwoEntitiesShareIsOfferedOnce() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        try TinyOntology.obo.replacingOccurrences(of: "name: Term two\n", with: "name: Term two\nsynonym: \"Disease one\" EXACT []\n")
            .write(to: folder.appendingPathComponent("tiny.obo"), atomically: true, encoding: .utf8)
        let index = CompletionIndex(graph: try TinyOntology.knowledge(in: folder).graph)
        #expect(index.names(matching: "disease o") == ["Disease one"])
    }

    @Test func completesDotCommandsAndTheirArguments() {
        #expect(completer.complete(".lo").candidates == [".load"])
        #expect(completer.complete(".mode j").candidates == ["json", "jsonl"])
        #expect(completer.complete(".timer o").candidates == ["on", "off"])
        #expect(completer.complete(".unload mul").candidates == ["multiple-sclerosis"])
    }

    @Test func completesFilePaths() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("packs"), withIntermediateDirectories: true)
        try "x".write(to: folder.appendingPathComponent("queries.txt"), atomically: true, encoding: .utf8)
        #expect(completer.complete(".read \(folder.path)/qu").candidates == ["\(folder.path)/queries.txt"])
        #expect(completer.complete(".load \(folder.path)/").candidates == ["\(folder.path)/packs/"])
    }

    @Test func entityNamesAreQuotedWhenNeeded() {
        let completion = completer.complete("what triggers lhermi")
        #expect(completion.candidates == ["\"Lhermitte's sign\""])
        #expect(completion.replacing == 6)
        #expect(completion.insertion == "\"Lhermitte's sign\" ")
        #expect(completer.complete("symptoms of multiple scl").candidates.contains("\"Multiple sclerosis spasms\""))
    }

    @Test func wordsInsideNamesMatchCaseInsensitively() {
        #expect(completer.complete("describe SIGN").candidates == ["\"Lhermitte's sign\""])
    }

    @Test func completesInsideAnOpenQuote() {
        let completion = completer.complete("?x triggered_by \"neck mo")
        #expect(completion.candidates == ["\"Neck movement\""])
        #expect(completion.replacing == 8)
    }

    @Test func relationsAfterASubjectAndOnlyFittingEntitiesAfterARelation() {
        #expect(completer.complete("?x triggered").candidates == ["triggered_by"])
        #expect(completer.complete("?x ^cau").candidates == ["^caused_by", "^causes"])
        // Only triggers can stand after triggered_by.
        #expect(completer.complete("?x triggered_by ne").candidates == ["\"Neck movement\""])
        #expect(completer.complete("?x triggered_by tre").candidates.isEmpty)
    }

    /// After a question's phrase only names that can stand there are offered: `symptoms of`
    /// takes what has symptoms, `conditions with` what conditions have, `is X a symptom of` a
    /// condition; a name typed from its start is inserted as far as the names that begin so agree.
    @Test func questionsOfferOnlyNamesThatFitThem() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        let tiny = Completer(knowledge: try TinyOntology.knowledge(in: folder))
        #expect(tiny.complete("symptoms of d").candidates == ["Disease four", "Disease one", "Disease three", "Disease two"].map(Completer.quoted))
        #expect(tiny.complete("symptoms of term").candidates.isEmpty)
        #expect(tiny.complete("conditions with term").candidates == ["Term four", "Term one", "Term three", "Term two"].map(Completer.quoted))
        #expect(tiny.complete("conditions with dis").candidates.isEmpty)
        #expect(tiny.complete("is term one a symptom of dis").candidates.count == 4)
        #expect(tiny.complete("is term one a symptom of term").candidates.isEmpty)
        #expect(tiny.complete("is term three a kind of te").candidates == ["Term one", "Term two"].map(Completer.quoted))
        // A phrase some of whose forms take any name offers any ("how is").
        #expect(Completer.askTail(in: "is tremor a symptom of multiple scl")?.partial == "multiple scl")
        // Names that begin with what is typed give the insertion, not those that match a later word.
        let completion = Completer.Completion(replacing: 12, candidates: ["\"Huntington disease\"", "\"Huntington disease-like 1\"",
                                                                          "\"Juvenile Huntington disease\""], typed: "huntington d")
        #expect(completion.insertion == "\"Huntington disease")
    }

    /// A question's second name completes after the word that joins it to the first.
    @Test func aQuestionsSecondNameCompletes() {
        #expect(completer.complete("does ms spasms cause paral").candidates == ["Paralysis"])
        #expect(completer.complete("how are tremor and tingl").candidates.contains("Tingling"))
        #expect(Completer.secondName(in: "wilson disease cause jaun") == "jaun")
        #expect(Completer.secondName(in: "jaundice in wil") == "wil")
        #expect(Completer.secondName(in: "cause jaun") == nil)
    }

    @Test func questionKeywordsAtTheStart() {
        #expect(completer.complete("sym").candidates.first == "symptoms of")
        #expect(completer.complete("what t").candidates.contains("what triggers"))
    }

    @Test func ambiguousCandidatesShareTheirCommonPrefix() {
        let completion = Completer.Completion(replacing: 3, candidates: ["triggered_by", "triggers"])
        #expect(completion.insertion == "trigger")
        // Quoted names share their prefix after an opening quote left open, for the next Tab.
        #expect(Completer.Completion(replacing: 1, candidates: ["\"a b\"", "\"a c\""]).insertion == "\"a ")
        #expect(Completer.Completion(replacing: 4, candidates: ["Tremor", "\"Tremor at rest\""]).insertion == "\"Tremor")
        #expect(Completer.Completion(replacing: 2, candidates: ["\"say \\\"hi\\\" now\"", "\"say \\\"hi\\\" then\""]).insertion
                == "\"say \\\"hi\\\" ")
        #expect(Completer.Completion(replacing: 1, candidates: ["\"ab\"", "\"cd\""]).insertion == nil)
    }
}
