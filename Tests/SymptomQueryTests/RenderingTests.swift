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

    /// Numbers show four decimals, but a probability too small for them is not shown as none.
    @Test func smallNumbersAreNotShownAsZero() {
        #expect(CellText.number(0.0033) == "0.0033")
        #expect(CellText.number(2.54781) == "2.5478")
        #expect(CellText.number(0) == "0.0000")
        #expect(CellText.number(0.0000321) == "3.21e-05")
        #expect(CellText.number(-0.0000321) == "-3.21e-05")
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

    /// Two entities of one name in a column (an OMIM and an ORPHA disease) are shown with their
    /// ids in a table; a name shown once is shown alone, and CSV has its id columns instead.
    @Test func entitiesOfOneNameAreToldApartByTheirIDs() throws {
        let engine = try TinyOntology.engine(annotationRows: """
            OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
            ORPHA:1\tDisease one\t\tHP:0000013\tPMID:1\tTAS\t\t\t\t\tP\tx
            OMIM:2\tDisease two\t\tHP:0000013\tPMID:2\tPCS\t\t\t\t\tP\tx
            """)
        let result = QueryOutcome(query: "describe HP:0000013", result: .success(try engine.answer("describe HP:0000013")))
        let table = ResultRenderer(format: .table, graph: engine.graph).render(result)
        #expect(table.contains("Disease one (OMIM:1)") && table.contains("Disease one (ORPHA:1)"), "\(table)")
        #expect(table.contains("Disease two") && !table.contains("Disease two ("), "\(table)")
        let csv = ResultRenderer(format: .csv, graph: engine.graph).render(result)
        #expect(!csv.contains("(OMIM:1)") && csv.contains("Disease one,OMIM:1"), "\(csv)")
        // A tree heads each answer as a table names it.
        let tree = ResultRenderer(format: .tree, graph: engine.graph).render(result)
        #expect(tree.contains("─ symptom_of · Disease one (OMIM:1)  ") && tree.contains("─ symptom_of · Disease one (ORPHA:1)  "), "\(tree)")
        #expect(tree.contains("Disease two") && !tree.contains("Disease two ("), "\(tree)")
    }

    /// A card says what kind of synonym each is, when its source says so: in text after the
    /// name, in JSON beside the list.
    @Test func cardsShowSynonymScopesAndTypes() throws {
        let engine = try TinyOntology.engine()
        let outcome = QueryOutcome(query: "describe HP:0000011", result: .success(try engine.answer("describe HP:0000011")))
        let table = ResultRenderer(format: .table, graph: engine.graph).render(outcome)
        #expect(table.contains("  also: first (layperson)"), "\(table)")
        let json = ResultRenderer(format: .json, graph: engine.graph).render(batch: [outcome])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]).first
        let card = try #require(document?["entity"] as? [String: Any])
        #expect(card["synonyms"] as? [String] == ["first"])
        #expect(card["synonymForms"] as? [String] == ["EXACT layperson"])
        // A pack's own synonyms (YAML) state no form: the list stands alone.
        let bundled = ResultRenderer(format: .json, graph: self.engine.graph).render(batch: [self.outcome("describe tremor")])
        #expect(!bundled.contains("synonymForms"))
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
        #expect(markdown == "### what triggers lhermitte sign\n\n| trigger |\n| --- |\n| Neck movement |\n\n")
    }

    /// A yes/no answer says its answer once, above the evidence, which lists each chain once; in
    /// Markdown under its question as a heading, with the query's markup characters escaped; as a
    /// tree, "not known" keeps the sentence that says why.
    @Test func yesNoAnswersListTheirEvidenceOnce() {
        let table = ResultRenderer(format: .table, graph: engine.graph).render(outcome("does ms cause spasms"))
        #expect(table.hasPrefix("yes, because:\n  - Multiple sclerosis has symptom Multiple sclerosis spasms"), "\(table)")
        #expect(table.components(separatedBy: "has symptom Multiple sclerosis spasms").count == 2, "\(table)")
        let markdown = ResultRenderer(format: .markdown, graph: engine.graph).render(outcome("does ms cause spasms"))
        #expect(markdown.hasPrefix("### does ms cause spasms\n\nyes, because:\n- Multiple sclerosis has symptom"), "\(markdown)")
        #expect(markdown.contains("\\[multiple-sclerosis: ms-spasms-article p1.s1\\]"), "\(markdown)")
        let tree = ResultRenderer(format: .tree, graph: engine.graph).render(outcome("does ms cause tremor"))
        #expect(tree.hasPrefix("does ms cause tremor\n└─ not known: nothing in the loaded packs says whether"), "\(tree)")
        #expect(MarkdownText.escaped("a*b_c`d") == "a\\*b\\_c\\`d")
    }

    /// Aligned tables: columns as wide as their widest cell in characters (accents, emoji and
    /// combining marks count one), two spaces between, no trailing spaces, no final newline;
    /// the same as padding each cell with strings, on random tables.
    @Test func alignedTablesPadByCharacters() {
        #expect(TextTable(header: ["a", "bb"], rows: [["ééé", "x"], ["", "y  "]]).aligned() == "a    bb\n---  ---\nééé  x\n     y")
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        let pieces = ["a", "é", "e\u{301}", "😀", " ", "Lhermitte", "-", "|"]
        for _ in 0..<200 {
            let columns = 1 + next(4)
            func cell() -> String { (0..<next(5)).map { _ in pieces[next(pieces.count)] }.joined() }
            let table = TextTable(header: (0..<columns).map { _ in cell() }, rows: (0..<next(6)).map { _ in (0..<columns).map { _ in cell() } })
            #expect(table.aligned() == Self.padded(table))
        }
    }

    /// A table wider than the terminal is narrowed: its widest columns to one width, never
    /// below their header or 12 characters, their long cells wrapped at spaces; no word is
    /// lost, and a table that fits (or no width) is laid out as before.
    @Test func tablesWiderThanTheTerminalWrapTheirLongestCells() {
        let table = TextTable(header: ["rank", "condition", "notes"], rows: [
            ["1", "X-linked Charcot-Marie-Tooth disease type 1", "frequency: occasional (5–29%), evidence: TAS"],
            ["2", "Wilson disease", "evidence: PCS"],
        ])
        #expect(table.aligned(fitting: nil) == table.aligned())
        #expect(table.aligned(fitting: 200) == table.aligned())
        let narrow = table.aligned(fitting: 60)
        #expect(narrow == """
            rank  condition                   notes
            ----  --------------------------  --------------------------
            1     X-linked                    frequency: occasional
                  Charcot-Marie-Tooth         (5–29%), evidence: TAS
                  disease type 1
            2     Wilson disease              evidence: PCS
            """, "\(narrow)")
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 60 })
        // Every word is still there (each cell's in order, as the table above shows).
        let words = { (text: String) in text.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { !$0.allSatisfy { $0 == "-" } } }
        #expect(words(narrow).sorted() == words(table.aligned()).sorted())
        // A word longer than its column is broken inside it; short columns are never narrowed.
        #expect(TextTable.wrapped("Charcot-Marie-Tooth", to: 8) == ["Charcot-", "Marie-To", "oth"])
        #expect(TextTable.widths([4, 40, 40], floors: [4, 12, 12], fitting: 30) == [4, 12, 12])
        #expect(TextTable.widths([4, 40, 10], floors: [4, 12, 10], fitting: 40) == [4, 22, 10])
    }

    /// Aligning by padding each cell with a string (the definition).
    private static func padded(_ table: TextTable) -> String {
        let widths = table.header.indices.map { column in ([table.header[column]] + table.rows.map { $0[column] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                text += column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(table.header), line(widths.map { String(repeating: "-", count: $0) })] + table.rows.map(line)).joined(separator: "\n")
    }
}
