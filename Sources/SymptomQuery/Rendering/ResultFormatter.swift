import GraphExport
import SymptomGraph

/// Writes answers in one ``OutputFormat``.
protocol ResultFormatter: Sendable {
    /// One answer.
    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String
    /// A batch of outcomes (by default each answer in turn; errors print nothing here).
    func render(batch outcomes: [QueryOutcome], with renderer: ResultRenderer) -> String
}

extension ResultFormatter {
    func render(batch outcomes: [QueryOutcome], with renderer: ResultRenderer) -> String {
        outcomes.map { renderer.render($0) }.joined()
    }
}

struct TableFormatter: ResultFormatter {
    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String { renderer.table(result) + "\n" }
}

struct MarkdownFormatter: ResultFormatter {
    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String { renderer.markdown(result) + "\n" }
}

struct CSVFormatter: ResultFormatter {
    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String { renderer.csv(result) }
}

struct TreeFormatter: ResultFormatter {
    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String { renderer.tree(result) }
}

struct JSONFormatter: ResultFormatter {
    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String {
        render(batch: [QueryOutcome(query: result.query, result: .success(result))], with: renderer)
    }

    /// Always an array, one document per query, however many queries there are.
    func render(batch outcomes: [QueryOutcome], with renderer: ResultRenderer) -> String {
        ResultRenderer.jsonArray(outcomes.map(renderer.jsonDocument(for:)))
    }
}

struct JSONLinesFormatter: ResultFormatter {
    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String {
        renderer.jsonLines(result, input: nil)
    }
}

struct PhenopacketFormatter: ResultFormatter {
    /// One line per phenopacket, so several (a folder's) are a valid JSON Lines stream.
    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String {
        renderer.phenopacketLine(result, answering: nil)
    }
}

/// DOT or Mermaid of the assertions behind an answer (every derivation of every row), with the
/// entity described emphasised. An answer without assertions (a rank, a list) says so in a comment.
struct PictureFormatter: ResultFormatter {
    enum Kind { case dot, mermaid }
    let kind: Kind

    func render(_ result: QueryResult, with renderer: ResultRenderer) -> String {
        let graph = renderer.graph
        var assertions: [AssertionID] = []
        for row in result.rows { assertions += row.evidence }
        let comment = kind == .dot ? "// " : "%% "
        let title = CellText.clean(result.query).replacingOccurrences(of: "\n", with: " ")
        guard !assertions.isEmpty else {
            return comment + "symkb: '" + title + "' has no assertions to draw (try describe, why, near or a pattern)\n"
        }
        // The entity described is emphasised (the graph command emphasises the entity it starts from).
        var picture = GraphPicture(graph: graph, assertions: assertions, focus: result.subject.map { [$0] } ?? [])
        picture.clean = { CellText.clean($0) }
        let header = comment + "symkb: " + title + "\n"
        return header + (kind == .dot ? picture.dot() : picture.mermaid())
    }
}
