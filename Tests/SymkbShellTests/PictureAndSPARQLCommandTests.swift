import Foundation
import SymptomQuery
import Testing
import TestSupport
@testable import SymkbShell

@Suite struct PictureAndSPARQLCommandTests {
    func session() throws -> ShellSession {
        try ShellSession(bundled: Fixtures.bundledPackFiles(), directories: [], settings: .init())
    }

    @Test func modeDotDrawsTheEvidenceOfAnAnswer() throws {
        var shell = try session()
        #expect(!shell.execute(".mode dot").failed)
        let output = shell.execute("what triggers \"Lhermitte's sign\"").output
        #expect(output.hasPrefix("// symkb: what triggers"))
        #expect(output.contains("digraph symkb {"))
        #expect(output.contains("label=\"triggered by\""))
        #expect(output.contains("Neck movement\\nms:neck-movement"))
        // A rank has no assertions to draw, and says so in a comment.
        #expect(!shell.execute(".mode mermaid").failed)
        let describe = shell.execute("describe tremor").output
        #expect(describe.contains("flowchart LR") && describe.contains("Tremor"))
        let list = shell.execute("list kinds").output
        #expect(list.hasPrefix("%% symkb: 'list kinds' has no assertions to draw"))
    }

    @Test func everyRegisteredFormatIsAModeAndListedInHelp() throws {
        var shell = try session()
        let help = try #require(DotCommand.help(for: "mode"))
        for format in OutputFormat.allCases {
            #expect(!shell.execute(".mode \(format.rawValue)").failed, "\(format)")
            #expect(help.contains(format.rawValue + ":"), "\(format)")
        }
        let wrong = shell.execute(".mode svg")
        #expect(wrong.failed)
        // Broken between words, to fit a terminal.
        #expect(help.split(separator: "\n").allSatisfy { $0.count <= 78 }, "\(help)")
    }

    /// `.help` fits 80 columns but for the usages and the examples longer than a line: a long
    /// usage has its summary on the next line, and summaries and notes are broken between words.
    @Test func theCommandListFitsATerminal() throws {
        let help = try #require(DotCommand.help(for: nil))
        let long = Set(DotCommand.all.map { "  " + $0.usage }.filter { $0.count > 80 } + QuestionForms.catalog.map { "  " + $0.example })
        let wide = help.split(separator: "\n").map(String.init).filter { $0.count > 80 && !long.contains($0) }
        #expect(wide.isEmpty, "\(wide)")
        #expect(help.contains("\n  .mode [table|json|"))
        #expect(help.contains("\n                           choose how answers are printed\n"))
    }

    @Test func explainSparqlPrintsAQueryOrSaysWhyNot() throws {
        var shell = try session()
        let sparql = shell.execute(".explain sparql what triggers \"Lhermitte's sign\"").output
        #expect(sparql.contains("SELECT DISTINCT ?trigger WHERE {"))
        #expect(sparql.contains("?trigger ^obo:RO_0009501 <https://w3id.org/symkb/id/ms/lhermittes-sign> ."))
        let not = shell.execute(".explain sparql ?s has_symptom ?x, not ?x kind sign").output
        #expect(not.contains("FILTER NOT EXISTS {") && not.contains("?x a kind:sign ."))
        let ask = shell.execute(".explain sparql does ms spasms cause paralysis").output
        #expect(ask.contains("ASK {"))
        // A pattern without variables is asked as symkb answers it: yes or no.
        let held = shell.execute(".explain sparql lhermittes-sign triggered_by neck-movement").output
        #expect(held.contains("ASK {\n  <https://w3id.org/symkb/id/ms/lhermittes-sign> obo:RO_0009501 "), "\(held)")
        let refused = shell.execute(".explain sparql why neck movement -> paralysis")
        #expect(refused.failed)
        #expect(shell.execute(".explain prolog symptoms of tremor").failed)
        // Completion offers the language, then completes the query.
        let completer = Completer(knowledge: shell.knowledge)
        #expect(completer.complete(".explain sp").candidates == ["sparql"])
        #expect(!completer.complete(".explain sparql symptoms of ms sp").candidates.isEmpty)
    }

    @Test func translationOfPathsKeepsEveryOperator() throws {
        let engine = try Fixtures.bundledEngine()
        let sparql = try SPARQLTranslator.translate("?a (has_symptom|causes)/^triggered_by* ?b, ?a associated_with+ ?c", engine: engine)
        // Inversions are pushed down to the steps, as the evaluator resolves paths: ^(p*) is (^p)*.
        #expect(sparql.contains("?a ((obo:RO_0002452|obo:RO_0003303))/((^obo:RO_0009501)*) ?b ."))
        // Relation names are read in any case, as in queries.
        #expect(try SPARQLTranslator.translate("?a Triggered_By ?b", engine: engine).contains("?a obo:RO_0009501 ?b ."))
        #expect(sparql.contains("?a ((biolink:associated_with|^biolink:associated_with))+ ?c ."))
        #expect(!sparql.contains("dcterms:identifier"))
        #expect(try SPARQLTranslator.translate("?a triggered_by* ?b", engine: engine).contains("?a dcterms:identifier [] ."))
        #expect(try SPARQLTranslator.translate("symptoms of ms spasms limit 3", engine: engine).contains("# symkb sorts the answers"))
        // `is X a Y`: a kind when Y names a kind, else the is_a path to the entity Y.
        #expect(try SPARQLTranslator.translate("is ms a condition", engine: engine).contains("a kind:condition ."))
        let entity = try SPARQLTranslator.translate("is ms an autoimmune disease", engine: engine)
        #expect(entity.contains("ASK {") && entity.contains("rdfs:subClassOf") && entity.contains("ms/autoimmune-disease>"))
        let count = try SPARQLTranslator.translate("count symptoms of ms spasms", engine: engine)
        #expect(count.contains("SELECT (COUNT(*) AS ?count) WHERE {"))
        #expect(throws: QueryError.self) { try SPARQLTranslator.translate("symptoms of ms spasms where certainty = may", engine: engine) }
    }
}
