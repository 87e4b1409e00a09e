import Foundation
import Testing
import TestSupport
@testable import SymptomQuery

@Suite struct RenderingTests {
    let engine: QueryEngine

    init() throws { engine = try Fixtures.bundledEngine() }

    func outcome(_ query: String) -> QueryOutcome {
        do { return QueryOutcome(query: query, result: .success(try engine.answer(query))) } catch {
            return QueryOutcome(query: query, result: .failure(error))
        }
    }

    @Test func jsonFollowsTheDocumentedSchema() throws {
        let renderer = ResultRenderer(format: .json, showsProvenance: true, graph: engine.graph)
        let text = renderer.render(batch: [outcome("what triggers Lhermitte's sign")])
        // Always an array, one document per query.
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(documents.count == 1)
        let object = try #require(documents.first)
        #expect(object["form"] as? String == "triggers")
        #expect(object["columns"] as? [String] == ["trigger"])
        #expect(object["count"] as? Int == 1)
        let row = try #require((object["rows"] as? [[String: Any]])?.first)
        let trigger = try #require((row["values"] as? [String: Any])?["trigger"] as? [String: Any])
        #expect(trigger["id"] as? String == "ms:neck-movement")
        let evidence = try #require((row["evidence"] as? [[[String: Any]]])?.first?.first)
        #expect(evidence["locator"] as? String == "p2.s2")
        #expect(evidence["relation"] as? String == "triggered_by")
    }

    @Test func jsonBatchesAreArraysWithErrorObjects() throws {
        let renderer = ResultRenderer(format: .json, graph: engine.graph)
        let text = renderer.render(batch: [outcome("symptoms of tremor"), outcome("symptoms of tremmor")])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        let error = try #require(array[1]["error"] as? [String: Any])
        #expect(error["column"] as? Int == 13)
        #expect(error["suggestions"] as? [String] == ["Tremor"])
    }

    @Test func jsonLinesAreOneObjectPerRow() throws {
        let renderer = ResultRenderer(format: .jsonl, graph: engine.graph)
        let lines = renderer.render(outcome("course of ms spasms")).split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines { #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any]) }
    }

    @Test func csvQuotesFieldsAndAddsIds() {
        let renderer = ResultRenderer(format: .csv, graph: engine.graph)
        let text = renderer.render(outcome("what causes paralysis"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "cause,cause_id,notes")
        #expect(lines.contains("Muscle and nerve degeneration,ms:muscle-and-nerve-degeneration,severity: mild to complete"))
        #expect(lines.contains { $0.hasPrefix("Multiple sclerosis spasms,ms:ms-spasms,\"may, severity") })
    }

    @Test func tableAndMarkdownAreAligned() {
        let table = ResultRenderer(format: .table, graph: engine.graph).render(outcome("what triggers lhermitte sign"))
        #expect(table == "trigger\n-------------\nNeck movement\n(1 answer)\n")
        let markdown = ResultRenderer(format: .markdown, graph: engine.graph).render(outcome("what triggers lhermitte sign"))
        #expect(markdown == "| trigger |\n| --- |\n| Neck movement |\n\n")
    }
}
