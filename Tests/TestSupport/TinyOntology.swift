import Foundation
import KnowledgePacks
import SymptomQuery

/// A five-term ontology with four annotated diseases, small enough to compute by hand (see
/// `RankingTests` for the numbers), written as a pack that imports an OBO and an HPOA file.
public enum TinyOntology {
    public static let obo = """
        format-version: 1.4
        data-version: test/releases/2025-01-16

        [Term]
        id: HP:0000001
        name: All

        [Term]
        id: HP:0000011
        name: Term one
        synonym: "first" EXACT layperson []
        is_a: HP:0000001

        [Term]
        id: HP:0000012
        name: Term two
        is_a: HP:0000001

        [Term]
        id: HP:0000013
        name: Term three
        is_a: HP:0000011

        [Term]
        id: HP:0000014
        name: Term four
        is_a: HP:0000011
        is_a: HP:0000012
        alt_id: HP:0000099

        [Term]
        id: HP:0000015
        name: obsolete Term five
        is_obsolete: true
        consider: HP:0000012
        """

    public static let hpoa = """
        #version: test
        database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration
        OMIM:1\tDisease one\t\tHP:0000013\tPMID:1\tPCS\t\t\t\t\tP\tx
        OMIM:2\tDisease two\t\tHP:0000099\tPMID:2\tPCS\t\t1/2\t\t\tP\tx
        OMIM:3\tDisease three\t\tHP:0000012\tPMID:3\tTAS\t\t\t\t\tP\tx
        OMIM:4\tDisease four\t\tHP:0000011\tPMID:4\tTAS\t\t\t\t\tP\tx
        OMIM:4\tDisease four\tNOT\tHP:0000013\tPMID:4\tTAS\t\t\t\t\tP\tx
        """


    /// The annotation file's header: its `#version` line and the column names.
    public static let hpoaHeader = """
        #version: test
        database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration

        """

    /// Writes the pack into `folder` with `rows` (tab-separated lines) as its annotation file.
    public static func writePack(to folder: URL, annotationRows rows: String) throws {
        try writePack(to: folder)
        try (hpoaHeader + rows).write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
    }

    /// Writes `tiny.obo`, `tiny.hpoa` and a `pack.yaml` importing them (pack `tiny`) into `folder`.
    public static func writePack(to folder: URL) throws {
        try obo.write(to: folder.appendingPathComponent("tiny.obo"), atomically: true, encoding: .utf8)
        try hpoa.write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
        try """
            format: 1
            id: tiny
            version: 1.0.0
            title: Tiny ontology
            sources: [{id: obo, title: Tiny}, {id: annotations, title: Tiny annotations}]
            depends: {core: ^1.0.0}
            imports:
              - {format: obo, path: tiny.obo, source: obo}
              - {format: hpoa, path: tiny.hpoa, source: annotations}
            """.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
    }
}

extension TinyOntology {
    /// A query engine over the core vocabulary and the tiny ontology's pack.
    public static func engine() throws -> QueryEngine {
        let folder = try SymkbProcess.temporaryDirectory()
        try writePack(to: folder)
        return QueryEngine(graph: try knowledge(in: folder).graph)
    }

    /// A query engine over the core vocabulary and the tiny ontology's pack with `rows` as its annotations.
    public static func engine(annotationRows rows: String) throws -> QueryEngine {
        let folder = try SymkbProcess.temporaryDirectory()
        try writePack(to: folder, annotationRows: rows)
        return QueryEngine(graph: try knowledge(in: folder).graph)
    }

    /// A query engine over the core vocabulary, the tiny ontology's pack (with `rows` as its
    /// annotations, when given) and a curated pack `demo` (namespace `demo`, source `s`) that
    /// depends on both and holds `data` (the YAML of its data file).
    public static func engine(annotationRows rows: String? = nil, demo data: String) throws -> QueryEngine {
        let tiny = try SymkbProcess.temporaryDirectory(), demo = try SymkbProcess.temporaryDirectory()
        if let rows { try writePack(to: tiny, annotationRows: rows) } else { try writePack(to: tiny) }
        try """
            format: 1
            id: demo
            version: 1.0.0
            title: Demo
            sources: [{id: s, title: S}]
            depends: {core: ^1.0.0, tiny: ^1.0.0}
            """.write(to: demo.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try data.write(to: demo.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: tiny.path),
                                                  try PackFiles.read(directory: demo.path)])
        return QueryEngine(graph: try KnowledgeBase(packs: contents).graph)
    }

    /// The core vocabulary and the pack in `folder` (the tiny ontology's, as a test wrote it there), loaded.
    public static func knowledge(in folder: URL) throws -> KnowledgeBase {
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)])
        return try KnowledgeBase(packs: contents)
    }
}
