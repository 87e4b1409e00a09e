import Foundation
import GraphExport
import KnowledgePacks
import SymptomGraph
import Testing
import TestSupport

@Suite struct IRISchemeTests {
    @Test func ontologyIdsArePURLsAndPackIdsLiveUnderTheBase() {
        #expect(IRIScheme.entity("HP:0001337") == "http://purl.obolibrary.org/obo/HP_0001337")
        #expect(IRIScheme.entity("OMIM:619340") == "https://omim.org/entry/619340")
        #expect(IRIScheme.entity("ms:lhermittes-sign") == "https://w3id.org/symkb/id/ms/lhermittes-sign")
        // Anything that could break an IRI is percent-encoded.
        #expect(IRIScheme.entity("ms:a b>\"c") == "https://w3id.org/symkb/id/ms/a%20b%3E%22c")
    }

    @Test func relationsUseTheirDeclaredIdsAndNeverShareOne() throws {
        let graph = try Fixtures.bundledEngine().graph
        let scheme = IRIScheme(graph: graph)
        let names = graph.relations.map(\.name)
        let iri = { (name: String) in scheme.relationIRIs[try #require(names.firstIndex(of: name))] }
        #expect(try iri("has_symptom") == "http://purl.obolibrary.org/obo/RO_0002452")
        #expect(try iri("is_a") == "http://www.w3.org/2000/01/rdf-schema#subClassOf")
        #expect(try iri("associated_with") == "https://w3id.org/biolink/vocab/associated_with")
        #expect(Set(scheme.relationIRIs).count == scheme.relationIRIs.count)
    }
}

@Suite struct TabularExportTests {
    /// Rows of a TSV or CSV file without quoted line breaks (what these exports write).
    static func rows(_ text: String, separator: Character) -> [[String]] {
        text.split(whereSeparator: \.isNewline).map { line in
            var fields: [String] = [], field = "", quoted = false
            for char in line {
                if char == "\"" { quoted.toggle(); continue }
                if char == separator, !quoted { fields.append(field); field = ""; continue }
                field.append(char)
            }
            return fields + [field]
        }
    }

    /// A concept two packs define is one node that names both packs and lists each identifier once.
    @Test func aMergedConceptNamesEveryPackAndEachIdentifierOnce() throws {
        var builder = GraphBuilder()
        for pack in ["onto", "article"] { builder.addPack(pack) }
        try builder.addKind(EntityKind(name: "symptom", pack: "onto"))
        try builder.addEntity(Entity(id: "onto:tremor", kind: "symptom", label: "Tremor", pack: "onto"))
        try builder.addEntity(Entity(id: "article:shaking", kind: "symptom", label: "Shaking", xrefs: ["onto:tremor"], pack: "article"))
        let scope = try #require(ExportScope(graph: builder.build()))
        let node = try #require(scope.nodes.first)
        #expect(scope.nodes.count == 1 && Set(node.packs) == ["onto", "article"])
        #expect(node.identifiers.count == Set(node.identifiers).count && node.identifiers.count == 1, "\(node.identifiers)")
        for (name, file, separator, column) in [("kgx", "nodes.tsv", Character("\t"), "provided_by"), ("neo4j", "nodes.csv", ",", "pack:string[]")] {
            let format = try #require(ExportFormats.named(name))
            let rows = Self.rows(try ExportFormats.text(of: format, file: file, scope: scope), separator: separator)
            let index = try #require(rows[0].firstIndex(of: column))
            #expect(rows[1][index].contains("onto") && rows[1][index].contains("article"), "\(name): \(rows[1])")
        }
    }

    @Test func kgxHasTheDocumentedColumnsAndEveryEdgeEndIsANode() throws {
        let graph = try Fixtures.bundledEngine().graph
        let scope = try #require(ExportScope(graph: graph))
        let format = try #require(ExportFormats.named("kgx"))
        let nodes = Self.rows(try ExportFormats.text(of: format, file: "nodes.tsv", scope: scope), separator: "\t")
        let edges = Self.rows(try ExportFormats.text(of: format, file: "edges.tsv", scope: scope), separator: "\t")
        #expect(Array(nodes[0].prefix(4)) == ["id", "category", "name", "description"])
        #expect(Array(edges[0].prefix(4)) == ["id", "subject", "predicate", "object"])
        for column in ["negated", "frequency_qualifier", "primary_knowledge_source", "publications", "knowledge_level", "agent_type"] {
            #expect(edges[0].contains(column), "edges.tsv lacks \(column)")
        }
        let ids = Set(nodes.dropFirst().map { $0[0] })
        #expect(ids.count == nodes.count - 1, "node ids repeat")
        #expect(edges.count == graph.assertions.count + 1)
        let (subject, predicate, object) = (edges[0].firstIndex(of: "subject")!, edges[0].firstIndex(of: "predicate")!, edges[0].firstIndex(of: "object")!)
        for edge in edges.dropFirst() {
            #expect(ids.contains(edge[subject]) && ids.contains(edge[object]), "edge \(edge[0]) ends outside the nodes")
            #expect(edge[predicate].hasPrefix("biolink:"))
            #expect(edge.count == edges[0].count)
        }
        #expect(nodes.dropFirst().allSatisfy { $0[1].hasPrefix("biolink:") })
    }

    /// An assertion of frequency zero states absence, as questions and RDF read it: the tabular
    /// formats mark it negated (keeping its frequency), so that `WHERE NOT r.negated` agrees
    /// with symkb. KGX writes counts and percentages as Biolink's fields, and a `|` inside a
    /// value cannot split it.
    @Test func tabularExportsMarkStatedAbsenceAndKeepValuesWhole() throws {
        var builder = GraphBuilder()
        builder.addPack("t")
        try builder.addKind(EntityKind(name: "finding", pack: "t"))
        try builder.addRelation(RelationType(name: "has_symptom", pack: "t"))
        try builder.addEntity(Entity(id: "t:d", kind: "finding", label: "D", pack: "t"))
        try builder.addEntity(Entity(id: "t:a", kind: "finding", label: "A", synonyms: ["heat|sensitivity", "warmth"], pack: "t"))
        try builder.addEntity(Entity(id: "t:b", kind: "finding", label: "B", pack: "t"))
        try builder.addEntity(Entity(id: "t:c", kind: "finding", label: "C", pack: "t"))
        try builder.addAssertion(subject: "t:d", relation: "has_symptom", object: "t:a", qualifiers: Qualifiers(frequency: "0/2"),
                                 provenance: Provenance(pack: "t", source: "s"))
        try builder.addAssertion(subject: "t:d", relation: "has_symptom", object: "t:b", qualifiers: Qualifiers(frequency: "3/7"),
                                 provenance: Provenance(pack: "t", source: "s", locator: "PMID:1;PMID:2"))
        try builder.addAssertion(subject: "t:d", relation: "has_symptom", object: "t:c",
                                 qualifiers: Qualifiers(frequency: "HP:0040283", context: "evidence: IEA; sex: female"),
                                 provenance: Provenance(pack: "t", source: "s"))
        // The same fact from another reference: one more statement, not one more triple.
        try builder.addAssertion(subject: "t:d", relation: "has_symptom", object: "t:b", qualifiers: Qualifiers(frequency: "3/7"),
                                 provenance: Provenance(pack: "t", source: "s", locator: "PMID:3"))
        let scope = try #require(ExportScope(graph: builder.build()))
        let kgx = try #require(ExportFormats.named("kgx"))
        let edges = Self.rows(try ExportFormats.text(of: kgx, file: "edges.tsv", scope: scope), separator: "\t")
        func column(_ name: String) throws -> [String] {
            let index = try #require(edges[0].firstIndex(of: name))
            return edges.dropFirst().filter { !$0.contains("PMID:3") }.sorted { $0[3] < $1[3] }.map { $0[index] }
        }
        #expect(try column("negated") == ["True", "False", "False"])
        #expect(try column("has_count") == ["0", "3", ""] && (try column("has_total")) == ["2", "7", ""])
        #expect(try column("frequency_qualifier") == ["", "", "HP:0040283"])
        #expect(try column("publications") == ["", "PMID:1|PMID:2", ""], "a row's references are a KGX list")
        // An annotation inferred from electronic annotation (IEA) was made by a program.
        #expect(try column("agent_type") == ["manual_agent", "manual_agent", "automated_agent"])
        let nodes = Self.rows(try ExportFormats.text(of: kgx, file: "nodes.tsv", scope: scope), separator: "\t")
        let synonyms = try #require(nodes[0].firstIndex(of: "synonym"))
        #expect(nodes.first { $0[0] == "t:a" }?[synonyms] == "heat,sensitivity|warmth")
        for (name, file) in [("neo4j", "relationships.csv"), ("csv", "assertions.csv")] {
            let format = try #require(ExportFormats.named(name))
            let rows = Self.rows(try ExportFormats.text(of: format, file: file, scope: scope), separator: ",")
            let negated = try #require(rows[0].firstIndex { $0.hasPrefix("negated") })
            let absent = rows.dropFirst().filter { $0[negated] == "true" }
            #expect(absent.count == 1 && absent.first?.contains("0/2") == true, "\(name): \(rows)")
        }
        // RDF marks its statement negated too, and pictures draw it dashed, said in the negative.
        let turtle = try ExportFormats.text(of: try #require(ExportFormats.named("ntriples")), file: nil, scope: scope)
        let negatedStatements = turtle.split(separator: "\n").filter { $0.contains("vocab/negated>") }
        #expect(negatedStatements.count == 1, "\(negatedStatements)")
        let lines = turtle.split(separator: "\n")
        #expect(Set(lines).count == lines.count, "every N-Triples line is written once")
        #expect(lines.filter { $0.contains("vocab/locator>") }.count == 2)
        let picture = GraphPicture(graph: scope.graph, assertions: scope.graph.assertionIDs)
        #expect(picture.dot().split(separator: "\n").filter { $0.contains("style=dashed, color") }.count == 1)
        #expect(picture.dot().contains("does not have symptom (frequency: 0/2)"), "\(picture.dot())")
        #expect(picture.mermaid().split(separator: "\n").filter { $0.contains("-.->") }.count == 1)
    }

    /// Two packs may each cite a source `review`: the exports keep them apart (KGX's knowledge
    /// source, RDF's source resources, CSV's sources.csv), with what each manifest says of it.
    @Test func sourcesOfTwoPacksWithOneIdStayApart() throws {
        var builder = GraphBuilder()
        for pack in ["a", "b"] { builder.addPack(pack) }
        try builder.addKind(EntityKind(name: "finding", pack: "a"))
        try builder.addRelation(RelationType(name: "has_symptom", pack: "a"))
        for id in ["a:x", "a:y", "b:z"] { try builder.addEntity(Entity(id: id, kind: "finding", label: id, pack: String(id.prefix(1)))) }
        try builder.addAssertion(subject: "a:x", relation: "has_symptom", object: "a:y", provenance: Provenance(pack: "a", source: "review"))
        try builder.addAssertion(subject: "b:z", relation: "has_symptom", object: "a:y", provenance: Provenance(pack: "b", source: "review"))
        var scope = try #require(ExportScope(graph: builder.build()))
        scope.sources = [ExportScope.Source(pack: "a", id: "review", title: "Review A", citation: "J. Headache 2020"),
                         ExportScope.Source(pack: "b", id: "review", title: "Review B", citation: nil)]
        #expect(scope.citedSources.map(\.title) == ["Review A", "Review B"])
        let edges = Self.rows(try ExportFormats.text(of: try #require(ExportFormats.named("kgx")), file: "edges.tsv", scope: scope), separator: "\t")
        let column = try #require(edges[0].firstIndex(of: "primary_knowledge_source"))
        #expect(Set(edges.dropFirst().map { $0[column] }) == ["infores:symkb-a.review", "infores:symkb-b.review"])
        let triples = try ExportFormats.text(of: try #require(ExportFormats.named("ntriples")), file: nil, scope: scope)
        #expect(triples.contains("<https://w3id.org/symkb/source/a/review> <http://purl.org/dc/terms/bibliographicCitation> \"J. Headache 2020\""))
        #expect(triples.contains("<https://w3id.org/symkb/source/b/review> <http://purl.org/dc/terms/title> \"Review B\""))
        let csv = try ExportFormats.text(of: try #require(ExportFormats.named("csv")), file: "sources.csv", scope: scope)
        #expect(csv == "pack,source,title,citation\r\na,review,Review A,J. Headache 2020\r\nb,review,Review B,\r\n")
    }

    /// Every node of a scope is a row of each node file: a pack's own entities and those of
    /// other packs its assertions point to (as the export says it wrote).
    @Test func everyNodeOfAPackScopeIsWritten() throws {
        let graph = try Fixtures.bundledEngine().graph
        for pack in ["multiple-sclerosis", "core"] {
            let scope = try #require(ExportScope(graph: graph, pack: pack))
            for (name, file, separator) in [("csv", "entities.csv", Character(",")), ("kgx", "nodes.tsv", "\t"), ("neo4j", "nodes.csv", ",")] {
                let format = try #require(ExportFormats.named(name))
                let text = try ExportFormats.text(of: format, file: file, scope: scope)
                #expect(Self.rows(text, separator: separator).count == scope.nodes.count + 1, "\(pack) \(name)")
            }
        }
    }

    @Test func neo4jHasAdminImportHeadersAndConsistentIds() throws {
        let graph = try Fixtures.bundledEngine().graph
        let scope = try #require(ExportScope(graph: graph, pack: "multiple-sclerosis"))
        let format = try #require(ExportFormats.named("neo4j"))
        let nodes = Self.rows(try ExportFormats.text(of: format, file: "nodes.csv", scope: scope), separator: ",")
        let edges = Self.rows(try ExportFormats.text(of: format, file: "relationships.csv", scope: scope), separator: ",")
        #expect(nodes[0].first == "id:ID" && nodes[0].last == ":LABEL")
        #expect(Array(edges[0].prefix(3)) == [":START_ID", ":END_ID", ":TYPE"])
        let ids = Set(nodes.dropFirst().map { $0[0] })
        for edge in edges.dropFirst() { #expect(ids.contains(edge[0]) && ids.contains(edge[1]), "\(edge)") }
        // Lhermitte's sign is a Sign and so a Finding, as labels.
        let sign = try #require(nodes.first { $0[0] == "ms:lhermittes-sign" })
        #expect(sign.last?.split(separator: ";").contains("Sign") == true && sign.last?.split(separator: ";").contains("Finding") == true)
        #expect(edges.dropFirst().contains { $0[0] == "ms:lhermittes-sign" && $0[2] == "TRIGGERED_BY" })
    }

    @Test func oboNeedsAPack() throws {
        let graph = try Fixtures.bundledEngine().graph
        let format = try #require(ExportFormats.named("obo"))
        #expect(format.refusal(for: try #require(ExportScope(graph: graph))) != nil)
        #expect(ExportScope(graph: graph, pack: "no-such-pack") == nil)
    }
}

@Suite struct OBORoundTripTests {
    /// What an OBO import keeps, comparable between two imports.
    struct Signature: Equatable {
        var terms: [String]
        var isA: Set<String>
        var obsolete: [String]
    }

    static func signature(_ graph: KnowledgeGraph, pack: String) -> Signature {
        let terms = graph.statedEntities.filter { $0.pack == pack }.map { entity in
            let synonyms = entity.synonyms.indices.map { entity.synonyms[$0] + " " + entity.synonymForm(at: $0).text }
            return [entity.id, entity.label, entity.definition ?? "-", entity.definitionXrefs.joined(separator: ","),
                    synonyms.joined(separator: ";"), entity.xrefs.joined(separator: ","), entity.altIDs.joined(separator: ","),
                    entity.plainLabel ?? "-"].joined(separator: " | ")
        }
        var isA = Set<String>()
        if let relation = graph.step(named: "is_a")?.relation {
            for assertion in graph.assertions(of: relation) where graph.provenance(of: assertion).pack == pack {
                isA.insert(graph[graph[assertion].subject].id + " is_a " + graph[graph[assertion].object].id)
            }
        }
        let obsolete = graph.obsoleteTerms.filter { $0.pack == pack }.map {
            [$0.id, $0.label ?? "-", $0.replacedBy ?? "-", $0.consider.joined(separator: ",")].joined(separator: " | ")
        }
        return Signature(terms: terms, isA: isA, obsolete: obsolete)
    }

    /// A graph of the core pack and one pack importing `obo`.
    static func importing(_ obo: String) throws -> KnowledgeGraph {
        let folder = try SymkbProcess.temporaryDirectory()
        try obo.write(to: folder.appendingPathComponent("onto.obo"), atomically: true, encoding: .utf8)
        try """
            format: 1
            id: onto
            version: 1.0.0
            title: Round trip
            sources: [{id: obo, title: OBO}]
            depends: {core: ^1.0.0}
            imports: [{format: obo, path: onto.obo, source: obo}]
            """.write(to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)])
        return try KnowledgeBase(packs: contents).graph
    }

    static let awkward = """
        format-version: 1.2
        synonymtypedef: layperson "layperson term"
        synonymtypedef: abbreviation "abbreviation"

        [Term]
        id: X:0000001
        name: Root

        [Term]
        id: X:0000002
        name: Child with \\! and \\{ braces
        alt_id: X:0000020
        alt_id: X:0000021
        def: "A \\"quoted\\" definition, with a comma." [PMID:1, https://example.org/a\\,b]
        synonym: "kid" EXACT layperson [PMID:2]
        synonym: "KD" RELATED abbreviation []
        synonym: "broad one" BROAD []
        synonym: "old name" EXACT obsolete_synonym []
        xref: UMLS:C0000001
        is_a: X:0000001 ! Root

        [Term]
        id: X:0000003
        name: Grandchild
        is_a: X:0000002
        is_a: X:0000001

        [Term]
        id: X:0000004
        name: obsolete Replaced
        is_obsolete: true
        replaced_by: X:0000003

        [Term]
        id: X:0000005
        name: obsolete Retired
        is_obsolete: true
        consider: X:0000002
        consider: X:0000003
        """

    @Test func importExportImportKeepsEverything() throws {
        let first = try Self.importing(Self.awkward)
        let scope = try #require(ExportScope(graph: first, pack: "onto"))
        let obo = try ExportFormats.text(of: try #require(ExportFormats.named("obo")), scope: scope)
        #expect(obo.contains("synonymtypedef: layperson"))
        #expect(obo.contains("synonym: \"kid\" EXACT layperson []"))
        #expect(obo.contains("alt_id: X:0000020"))
        #expect(obo.contains("replaced_by: X:0000003"))
        let second = try Self.importing(obo)
        let before = Self.signature(first, pack: "onto"), after = Self.signature(second, pack: "onto")
        #expect(before.terms == after.terms)
        #expect(before.isA == after.isA)
        #expect(before.obsolete == after.obsolete)
        #expect(before.terms.count == 3 && before.isA.count == 3 && before.obsolete.count == 2)
        // The ids still resolve as before: the alt_id and the replaced id to their terms, the retired one to nothing.
        #expect(second.resolve("X:0000020") == first.resolve("X:0000020"))
        #expect(second.resolve("X:0000004") == .unique(try #require(second.entityID(for: "X:0000003"))))
        #expect(second.retirement(of: "X:0000005") == ["X:0000002", "X:0000003"])
        #expect(second.retirement(of: "X:0000004") == nil)
        // What a card names as replaced: the obsolete ids whose replacement a term is.
        #expect(first.retiredIDs(replacedBy: try #require(first.entityID(for: "X:0000003"))) == ["X:0000004"])
        #expect(first.retiredIDs(replacedBy: try #require(first.entityID(for: "X:0000002"))).isEmpty)
    }

    @Test func anImportedOntologyExportsItsTermsNotTheAnnotatedDiseases() throws {
        let graph = try TinyOntology.engine().graph
        let obo = try ExportFormats.text(of: try #require(ExportFormats.named("obo")), scope: try #require(ExportScope(graph: graph, pack: "tiny")))
        #expect(obo.contains("ontology: hp\n"))
        #expect(obo.components(separatedBy: "[Term]").count - 1 == 6)  // 5 live terms and 1 obsolete
        #expect(!obo.contains("OMIM:"))
        #expect(obo.contains("synonym: \"first\" EXACT layperson []"))
        #expect(!obo.contains("data-version"), "a release is written only when the manifest names one")
        // The release the pack was imported from, which importing the file again reads.
        var scope = try #require(ExportScope(graph: graph, pack: "tiny"))
        scope.dataVersion = "hp/releases/2025-01-16"
        let versioned = try ExportFormats.text(of: try #require(ExportFormats.named("obo")), scope: scope)
        #expect(versioned.hasPrefix("format-version: 1.4\ndata-version: hp/releases/2025-01-16\n"))
        #expect(ImportedPackManifest.dataVersion(inHeader: versioned) == "hp/releases/2025-01-16")
    }

    /// The whole HPO release: import, export, import again, compare (about 20 s in a debug build).
    @Test(.enabled(if: Fixtures.hasHPO, "the HPO release is not at SYMKB_HPO_DIR or ../shared/data/hpo"))
    func hpoRoundTripLosesNothing() throws {
        let text = try String(contentsOf: Fixtures.hpoDirectory.appendingPathComponent("hp.obo"), encoding: .utf8)
        let first = try Self.importing(text)
        let obo = try ExportFormats.text(of: try #require(ExportFormats.named("obo")), scope: try #require(ExportScope(graph: first, pack: "onto")))
        let second = try Self.importing(obo)
        let before = Self.signature(first, pack: "onto"), after = Self.signature(second, pack: "onto")
        #expect(before.terms.count > 18_000 && before.obsolete.count > 400)
        #expect(before.isA == after.isA)
        #expect(before.obsolete == after.obsolete)
        let differing = zip(before.terms, after.terms).filter { $0 != $1 }
        #expect(before.terms.count == after.terms.count && differing.isEmpty, "\(differing.prefix(3))")
    }
}

@Suite struct PictureTests {
    @Test func theNeighbourhoodOfLhermittesSignIsDrawnWithKindsAndALegend() throws {
        let graph = try Fixtures.bundledEngine().graph
        let sign = try #require(graph.entityID(for: "ms:lhermittes-sign"))
        let picture = GraphPicture.neighbourhood(of: sign, in: graph, depth: 1)
        let dot = picture.dot()
        #expect(dot.hasPrefix("digraph symkb {"))
        #expect(dot.contains("Lhermitte's sign"))
        #expect(dot.contains("triggered by"))
        #expect(dot.contains("penwidth=2.5"))
        #expect(dot.contains("cluster_legend"))
        let mermaid = picture.mermaid()
        #expect(mermaid.hasPrefix("flowchart LR"))
        #expect(mermaid.contains("triggered by"))
        // Every edge joins two drawn nodes.
        #expect(picture.edges.allSatisfy { picture.nodes.contains(graph[$0].subject) && picture.nodes.contains(graph[$0].object) })
    }

    @Test func negatedAssertionsAreDashedAndTheTreeShowsAncestry() throws {
        let graph = try TinyOntology.engine().graph
        let disease = try #require(graph.entityID(for: "OMIM:4"))
        let dot = GraphPicture.neighbourhood(of: disease, in: graph, depth: 1).dot()
        #expect(dot.contains("style=dashed"))
        #expect(dot.contains("does not have symptom") || dot.contains("does not have phenotype"))
        let term = try #require(graph.entityID(for: "HP:0000014"))
        let tree = GraphPicture.tree(of: term, in: graph, depth: 1)
        #expect(tree == """
            Term four (HP:0000014)
            ├─ is a Term one (HP:0000011)
            │  └─ is a All (HP:0000001)
            └─ is a Term two (HP:0000012)
               └─ is a All (HP:0000001) (shown above)

            """)
    }

    /// An onset given as a term's id (as the HPO's annotations give it) is named by the term's
    /// label when the graph has the term; any other onset is shown as it is.
    @Test func anOnsetThatIsATermIsNamed() throws {
        var builder = GraphBuilder()
        builder.addPack("t")
        try builder.addKind(EntityKind(name: "finding", pack: "t"))
        try builder.addEntity(Entity(id: "HP:0011463", kind: "finding", label: "Childhood onset", pack: "t"))
        let graph = builder.build()
        let childhood = Qualifiers(frequency: "HP:0040283", onset: "HP:0011463")
        #expect(QualifierText.notes(childhood, in: graph) == "frequency: occasional (5–29%), onset: Childhood onset (HP:0011463)")
        #expect(QualifierText.notes(childhood) == "frequency: occasional (5–29%), onset: HP:0011463", "no graph to name it")
        #expect(QualifierText.notes(Qualifiers(onset: "HP:0003577"), in: graph) == "onset: HP:0003577", "a term the graph lacks")
        #expect(QualifierText.notes(Qualifiers(onset: "over time"), in: graph) == "onset: over time")
    }

    @Test func labelsCannotBreakOutOfDOTOrMermaid() throws {
        var builder = GraphBuilder()
        builder.addPack("t")
        try builder.addKind(EntityKind(name: "finding", pack: "t"))
        try builder.addRelation(RelationType(name: "is_a", pack: "t"))
        try builder.addEntity(Entity(id: "t:a", kind: "finding", label: "A\"];evil[\"<b>#", pack: "t"))
        try builder.addEntity(Entity(id: "t:b", kind: "finding", label: "B\\\nnew line", pack: "t"))
        try builder.addAssertion(subject: "t:a", relation: "is_a", object: "t:b", provenance: Provenance(pack: "t", source: "s"))
        let graph = builder.build()
        let picture = GraphPicture(graph: graph, assertions: graph.assertionIDs)
        let dot = picture.dot()
        #expect(dot.contains(#"label="A\"];evil[\"<b>#\nt:a""#))
        #expect(dot.contains(#"B\\\nnew line"#))
        let mermaid = picture.mermaid()
        #expect(mermaid.contains("A#quot;];evil[#quot;#lt;b#gt;#35;"))
        #expect(!mermaid.contains("evil[\""))
    }
}

/// CSV fields, read as bytes, quote exactly what RFC 4180 needs quoted and keep formulas inert.
@Suite struct CSVFieldTests {
    @Test(arguments: [
        ("Tremor", "Tremor"), ("", ""), ("Aicardi-Goutières syndrome", "Aicardi-Goutières syndrome"),
        ("3-methylglutaconic aciduria, type I", "\"3-methylglutaconic aciduria, type I\""),
        ("say \"no\"", "\"say \"\"no\"\"\""), ("two\nlines", "\"two\nlines\""), ("cr\r\nlf", "\"cr\r\nlf\""),
        ("form\u{0C}feed", "\"form\u{0C}feed\""), ("next\u{85}line", "\"next\u{85}line\""),
        ("line\u{2028}separator", "\"line\u{2028}separator\""), ("para\u{2029}graph", "\"para\u{2029}graph\""),
        ("tab\tinside", "tab\tinside"), ("字, 字", "\"字, 字\""),
    ])
    func fieldsAreQuotedWhenTheyMustBe(text: String, field: String) {
        #expect(CSVField.quoted(text) == field)
        #expect(CSVField.quoted(text).utf8.count == field.utf8.count)
    }

    @Test func formulasGetAnApostrophe() {
        #expect(CSVField.spreadsheetSafe("=1+2") == "'=1+2")
        #expect(CSVField.spreadsheetSafe("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0")
        #expect(CSVField.spreadsheetSafe("-1e") == "'-1e")
        #expect(CSVField.spreadsheetSafe("+") == "'+")
        #expect(CSVField.spreadsheetSafe("-.") == "'-.")
    }

    /// A computed score is a number to a spreadsheet, not a formula: it keeps its sign.
    @Test(arguments: ["-5", "-0.7959", "+3", "-1.5e-3", "-.5", "-2E+10"])
    func numbersAreLeftAsTheyAre(_ number: String) {
        #expect(CSVField.spreadsheetSafe(number) == number)
        #expect(CSVField.spreadsheetSafe("@cmd, x") == "\"'@cmd, x\"")
        #expect(CSVField.spreadsheetSafe("\tx") == "'\tx")
        #expect(CSVField.spreadsheetSafe("a=b") == "a=b")
        #expect(CSVField.spreadsheetSafe("") == "")
    }
}

/// A negated assertion's relation, said as a sentence says it (trees, DOT labels, evidence).
@Suite struct NegatedLabelTests {
    @Test(arguments: [
        ("is caused by", "is not caused by"), ("has symptom", "does not have symptom"), ("may lead to", "may not lead to"),
        ("causes", "does not cause"), ("triggers", "does not trigger"), ("manifests as", "does not manifest as"),
        ("triggered by", "not triggered by"), ("associated with", "not associated with"), ("is a", "is not a"),
    ])
    func labelsReadAsSentences(label: String, negated: String) {
        #expect(QualifierText.negated(label) == negated)
    }

    @Test func anArticleAgreesWithTheNameAfterIt() {
        #expect(QualifierText.label("is a", before: "Autoimmune disease") == "is an")
        #expect(QualifierText.label("is not a", before: "Ear infection") == "is not an")
        #expect(QualifierText.label("is a", before: "Disease") == "is a")
        #expect(QualifierText.label("has symptom", before: "Itching") == "has symptom")
    }
}
