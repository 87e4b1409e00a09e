import Foundation
@_spi(Fuzzing) @testable import KnowledgePacks
@testable import SymptomGraph
import Testing
import TestSupport

/// Compiled snapshots: the graph they give equals the one read from the files, and every way a
/// snapshot can be wrong (stale, damaged, foreign) is refused with a warning and the files read instead.
@Suite struct PackSnapshotTests {
    /// A folder holding the tiny ontology pack, compiled.
    static func compiledPack() throws -> (folder: URL, snapshot: URL) {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        let pack = try read(folder)
        let compilation = try PackCompiler.compile("tiny", among: [try core(), pack])
        let (path, snapshot) = (compilation.path, compilation.snapshot)
        #expect(path == folder.appendingPathComponent(PackSnapshot.fileName).path)
        #expect(snapshot.segment.entities.count == 9)  // 5 terms, 4 diseases
        return (folder, URL(fileURLWithPath: path))
    }

    static func core() throws -> PackContent { try PackReader.read(Fixtures.corePack()).content }

    static func read(_ folder: URL) throws -> PackContent { try PackReader.read(try PackFiles.read(directory: folder.path)).content }

    static func load(_ folder: URL) throws -> KnowledgeBase { try KnowledgeBase(packs: [try core(), try read(folder)]) }

    /// Everything a graph says, by ids, for comparing graphs built different ways.
    static func facts(_ graph: KnowledgeGraph) -> [String] {
        graph.entities.map { "\($0.id) \($0.kind) \($0.label) \($0.synonyms) \($0.xrefs) \($0.definition ?? "-")" }
            + graph.assertionIDs.map { id in
                let assertion = graph[id]
                let qualifiers = graph.qualifiers(of: id), provenance = graph.provenance(of: id)
                return "\(graph[assertion.subject].id) \(graph.relations[assertion.relation.position].name) "
                    + "\(graph[assertion.object].id) \(qualifiers) \(provenance)"
            }.sorted()
    }

    /// Imports read and parsed ahead (``ImportPreparation``) compile to the same bytes; those of
    /// other files (another folder's, which differ) are not taken.
    @Test func importsPreparedAheadCompileTheSameSnapshot() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        let pack = try Self.read(folder), snapshot = folder.appendingPathComponent(PackSnapshot.fileName)
        _ = try PackCompiler.compile("tiny", among: [try Self.core(), pack])
        let plain = try Data(contentsOf: snapshot)
        _ = try PackCompiler.compile("tiny", among: [try Self.core(), pack], preparing: ImportPreparation(of: pack))
        #expect(try Data(contentsOf: snapshot) == plain)

        let other = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: other)
        try TinyOntology.obo.replacingOccurrences(of: "Term three", with: "Another term")
            .write(to: other.appendingPathComponent("tiny.obo"), atomically: true, encoding: .utf8)
        let elsewhere = try Self.read(other)
        _ = try PackCompiler.compile("tiny", among: [try Self.core(), pack], preparing: ImportPreparation(of: elsewhere))
        #expect(try Data(contentsOf: snapshot) == plain)
        _ = try PackCompiler.compile("tiny", among: [try Self.core(), elsewhere], preparing: ImportPreparation(of: elsewhere))
        #expect(try Data(contentsOf: other.appendingPathComponent(PackSnapshot.fileName)).range(of: Data("Another term".utf8)) != nil)
    }

    @Test func aSnapshotGivesTheSameGraphAsTheFiles() throws {
        let (folder, snapshot) = try Self.compiledPack()
        let compiled = try Self.load(folder)
        #expect(compiled.packsFromSnapshots == ["tiny"])
        // Beside a pack that merges some of its entities into the snapshot's concepts.
        let merged = try KnowledgeBase(packs: [try Self.core(), try Self.read(folder), try PackReader.read(Self.curated).content])
        #expect(merged.packsFromSnapshots == ["tiny"] && !merged.graph.concepts.members.isEmpty)
        try FileManager.default.removeItem(at: snapshot)
        let parsed = try Self.load(folder)
        #expect(parsed.packsFromSnapshots.isEmpty)
        #expect(Self.facts(compiled.graph) == Self.facts(parsed.graph))
        #expect(compiled.graph.entityID(for: "OMIM:2") != nil)
        #expect(compiled.graph.resolve("HP:0000099") == parsed.graph.resolve("HP:0000099"))  // an alt_id
        #expect(compiled.graph.retirement(of: "HP:0000015") == ["HP:0000012"])  // obsolete, no replacement
        #expect(parsed.graph.retirement(of: "HP:0000015") == ["HP:0000012"])
        // One entity's assertions looked up in the compiled run's stored lists (or, text-loaded,
        // scanned) are those of the relation's lists, in their order.
        for graph in [compiled.graph, parsed.graph, merged.graph] {
            let relations = graph.relations.indices.map(RelationID.init)
            // Every stated entity, members merged into another's concept too (they have no edges).
            let entities = (0..<graph.statedEntities.count).map(EntityID.init)
            // All looked up before any relation's lists are built by reading them.
            let lookedUp = relations.map { relation in
                entities.map { entity in
                    (graph.assertionsLookingUp(entity, outgoing: true, relation: relation),
                     graph.assertionsLookingUp(entity, outgoing: false, relation: relation))
                }
            }
            for (relation, found) in zip(relations, lookedUp) {
                for (entity, (outgoing, incoming)) in zip(entities, found) {
                    #expect(outgoing == Array(graph.assertions(from: entity, relation: relation)))
                    #expect(incoming == Array(graph.assertions(to: entity, relation: relation)))
                }
            }
        }
    }

    /// A curated pack that changes what ranking reads from the tiny ontology in every way another
    /// pack can: it merges a finding with a term and puts it under a parent of its own, merges a
    /// disease with an annotated one and links it to a term through a finding that is no term,
    /// annotates an imported disease directly, and brings a disease database of its own.
    static let curated = curated(annotatingOMIM4With: "HP:0000012")

    static func curated(annotatingOMIM4With term: String) -> PackFiles { Fixtures.pack("curated", [
        "pack.yaml": """
            format: 1
            id: curated
            version: 1.0.0
            title: Curated
            sources: [{id: notes, title: Notes}]
            depends: {core: ^1.0.0, tiny: ^1.0.0}
            """,
        "entities.yaml": """
            entities:
              - {id: thing, kind: finding, label: A thing, xrefs: [HP:0000013]}
              - {id: group, kind: finding, label: A group of things}
              - {id: sickness, kind: disease, label: A sickness, xrefs: [OMIM:3]}
              - {id: feeling, kind: symptom, label: A feeling}
              - {id: own-disease, kind: disease, label: Own disease}
            """,
        "assertions.yaml": """
            assertions:
              - {subject: thing, relation: is_a, object: group, source: notes}
              - {subject: sickness, relation: has_symptom, object: feeling, source: notes}
              - {subject: feeling, relation: has_symptom, object: "HP:0000014", source: notes}
              - {subject: feeling, relation: has_symptom, object: "HP:0000011", source: notes}
              - {subject: "OMIM:4", relation: has_symptom, object: "\(term)", source: notes}
              - {subject: own-disease, relation: has_symptom, object: thing, source: notes}
            extend:
              - {id: "HP:0000012", synonyms: [Second thing], xrefs: ["UMLS:C9"], source: notes}
            """,
    ]) }

    /// Loaded before the compiled pack: `is_a` edges of its own, one negated.
    static let early = Fixtures.pack("early", [
        "pack.yaml": "format: 1\nid: early\nversion: 1.0.0\ntitle: Early\nsources: [{id: notes, title: Notes}]\ndepends: {core: ^1.0.0}\n",
        "entities.yaml": "entities:\n  - {id: one, kind: finding, label: One}\n  - {id: two, kind: finding, label: Two}\n  - {id: three, kind: finding, label: Three}\n",
        "assertions.yaml": """
            assertions:
              - {subject: one, relation: is_a, object: two, source: notes}
              - {subject: three, relation: is_a, object: one, negated: true, source: notes}
            """,
    ])

    /// Gives an imported term another parent, and states a negated `is_a` between imported terms.
    static let reshaping = Fixtures.pack("reshaping", [
        "pack.yaml": "format: 1\nid: reshaping\nversion: 1.0.0\ntitle: Reshaping\nsources: [{id: notes, title: Notes}]\ndepends: {core: ^1.0.0, tiny: ^1.0.0}\n",
        "assertions.yaml": """
            assertions:
              - {subject: "HP:0000013", relation: is_a, object: "HP:0000012", source: notes}
              - {subject: "HP:0000014", relation: is_a, object: "HP:0000013", negated: true, source: notes}
            """,
    ])

    @Test func rankingTablesInASnapshotAreAdoptedExactly() throws {
        let (folder, _) = try Self.compiledPack()
        for others in [[], [Self.curated], [Self.reshaping, Self.curated]] {
            let (contents, _) = try PackLoading.read([Fixtures.corePack(), Self.early, try PackFiles.read(directory: folder.path)] + others)
            let graph = try KnowledgeBase(packs: contents).graph
            let placement = try #require(graph.annotationPlacements.first)
            #expect(placement.tables?.databases.map(\.name) == ["OMIM"])
            let adopted = try #require(AnnotationTables.adopt(placement, in: graph))
            let computed = try #require(AnnotationTables.compute(graph: graph))
            #expect(adopted == computed)
            #expect(graph.annotationTables == computed)
            #expect(computed.databases.map(\.name) == (others.isEmpty ? ["OMIM"] : ["OMIM", "curated"]))
            // The early pack's entities lie before the compiled pack's (its assertions, as every
            // pack's without a snapshot, after them).
            #expect(placement.entities.lowerBound > 0)
        }
    }

    /// A snapshot that cannot be put in place (a folder is where the file goes) fails the compile
    /// at once, with the load beside the write finished and no temporary file left behind.
    @Test func aSnapshotThatCannotBeWrittenFailsCleanly() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        let target = folder.appendingPathComponent(PackSnapshot.fileName)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: target.appendingPathComponent("inside"))
        let error = try #require(throws: PackLoadError.self) {
            try PackCompiler.compile("tiny", among: [try Self.core(), try Self.read(folder)]) { compiled in
                try? KnowledgeBase(packs: [try Self.core(), try Self.read(folder)], using: compiled.snapshot, at: compiled.path).graph
            }
        }
        #expect(error.diagnostics.map(\.id) == [.snapshotWriteFailed])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasSuffix(".tmp") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["inside"])
    }

    /// The file is being written when the check of the other packs' data finds an error: the
    /// compile fails with it, and the snapshot there before is left as it was, with no temporary
    /// file beside it.
    @Test func aCompileThatFailsAfterItsImportLeavesTheOldSnapshot() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        // Its own imported terms are its to refer to; the other namespace is unknown.
        try "assertions:\n  - {subject: HP:0000011, relation: is_a, object: HP:0000001, source: obo}\n  - {subject: HP:0000011, relation: is_a, object: nosuch:1, source: obo}\n"
            .write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let target = folder.appendingPathComponent(PackSnapshot.fileName)
        try Data("old".utf8).write(to: target)
        let error = try #require(throws: PackLoadError.self) {
            try PackCompiler.compile("tiny", among: [try Self.core(), try Self.read(folder)]) { _ in nil }
        }
        #expect(error.diagnostics.map(\.id) == [.unknownNamespace], "\(error.diagnostics.map(\.description))")
        #expect(try Data(contentsOf: target) == Data("old".utf8))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder.path)).contains { $0.hasSuffix(".tmp") })
        // Without the unknown namespace it compiles: a pack refers to its own imported terms freely.
        try "assertions:\n  - {subject: HP:0000011, relation: is_a, object: HP:0000001, source: obo}\n"
            .write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let compiled = try PackCompiler.compile("tiny", among: [try Self.core(), try Self.read(folder)]) { _ in nil }
        #expect(try Data(contentsOf: target) != Data("old".utf8) && compiled.snapshot.segment.entities.count == 9)
    }

    /// `pack compile` stores the ranking tables of the graph a user gets with the pack: a load of
    /// that graph takes them as they are, and they equal computing; a load beside other packs
    /// (another context digest) adopts the pack's own tables instead, and is right too.
    @Test func rankingTablesOfTheLoadedGraphAreStoredAndTakenOnlyForThatGraph() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        func contents(_ others: [PackFiles]) throws -> [PackContent] {
            try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)] + others).contents
        }
        let snapshot = try PackCompiler.compile("tiny", among: [try Self.core(), try Self.read(folder)]) { compiled in
            try? KnowledgeBase(packs: contents([Self.curated]), using: compiled.snapshot, at: compiled.path).graph
        }.snapshot
        let stored = try #require(snapshot.segment.graphTables)
        // The same packs, one annotation apart, are another context.
        let changed = Self.curated(annotatingOMIM4With: "HP:0000014")
        for (others, precomputed) in [([Self.curated], true), ([], false), ([changed], false)] {
            let graph = try KnowledgeBase(packs: try contents(others)).graph
            let placement = try #require(graph.annotationPlacements.first)
            #expect(placement.precomputed?.digest == stored.digest)
            #expect((AnnotationTables.contextDigest(of: graph, placement: placement) == stored.digest) == precomputed)
            // Stored as a ranking reads them (``AnnotationTables/forRanking()``): each disease's
            // terms sorted together; the graph they were made for takes them, any other adopts its own.
            let computed = try #require(AnnotationTables.compute(graph: graph))
            #expect(graph.annotationTables == (precomputed ? computed.forRanking() : computed))
            #expect((stored.stored.tables == computed.forRanking()) == precomputed)
            #expect(graph.annotationTables?.databases.map(\.profile) == computed.databases.map(\.profile))
            if precomputed {
                // OMIM:3 reaches a term that sorts before its own: the stored row is sorted whole.
                #expect(computed.databases.contains { $0.terms != $0.profile })
                #expect(graph.annotationTables?.databases.allSatisfy { $0.terms == $0.profile } == true)
            }
        }
    }

    /// Adopted tables make a database on first use without holding the graph, which holds them:
    /// a graph that ranked is freed with its tables once let go (a reload keeps no old graph).
    @Test func adoptedTablesDoNotKeepTheirGraphAlive() throws {
        let (folder, _) = try Self.compiledPack()
        weak var tables: LazyValue<AnnotationTables?>?
        try {
            let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)])
            let graph = try KnowledgeBase(packs: contents).graph
            #expect(graph.annotationTables?.database(named: "OMIM") != nil)
            tables = graph.lazyTables
        }()
        #expect(tables == nil)
    }

    /// The compiled ontology's own `is_a` is acyclic (it stores ranking tables only then), so cycles
    /// are searched from the edges other packs add: one that closes a cycle through the ontology's
    /// terms is still found, whether the ontology came from its snapshot or its files.
    @Test func aCycleThroughACompiledOntologyIsStillFound() throws {
        let (folder, snapshot) = try Self.compiledPack()
        let closing = Fixtures.pack("closing", [
            "pack.yaml": """
                format: 1
                id: closing
                version: 1.0.0
                title: Closing
                sources: [{id: notes, title: Notes}]
                depends: {core: ^1.0.0, tiny: ^1.0.0}
                """,
            "assertions.yaml": """
                assertions:
                  - {subject: "HP:0000001", relation: is_a, object: "HP:0000014", source: notes}
                """,
        ])
        for fromSnapshot in [true, false] {
            if !fromSnapshot { try FileManager.default.removeItem(at: snapshot) }
            let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path), closing])
            let error = try #require(throws: PackLoadError.self) { try KnowledgeBase(packs: contents) }
            let cycle = try #require(error.diagnostics.first { $0.id == .relationCycle })
            #expect(cycle.message.hasPrefix("is_a cycle: "))
            #expect(cycle.message.contains("HP:0000001") && cycle.message.contains("HP:0000014"), "\(cycle.message)")
        }
        // Without the closing edge, the same packs load (the search found nothing to report).
        let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path), Self.curated])
        #expect(try KnowledgeBase(packs: contents).warnings.allSatisfy { $0.id != .relationCycle })
        // Nor does a negated closing edge close a cycle: it states that the link does not hold.
        var negated = closing
        negated.files["assertions.yaml"] = negated.files["assertions.yaml"]?.replacingOccurrences(of: "source: notes}", with: "negated: true, source: notes}")
        let (withNegated, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path), negated])
        let graph = try KnowledgeBase(packs: withNegated).graph  // no cycle error thrown
        let closingEdge = graph.assertionIDs.first {
            graph[graph[$0].subject].id == "HP:0000001" && graph.relations[graph[$0].relation.position].name == "is_a"
        }
        #expect(closingEdge.map(graph.isNegated) == true)
    }

    /// Compiling trusts the import's own `is_a` once computing its ranking tables followed every
    /// edge (none negated) without a cycle: the check then searches from the edges the pack's own
    /// files add, and one that closes a cycle through the imported terms still fails the compile.
    @Test func aCompileFindsACycleItsOwnFilesCloseThroughItsImport() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        try """
            assertions:
              - {subject: "HP:0000001", relation: is_a, object: "HP:0000014", source: obo}
            """.write(to: folder.appendingPathComponent("closing.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: PackLoadError.self) {
            try PackCompiler.compile("tiny", among: [try Self.core(), try Self.read(folder)])
        }
        let cycle = try #require(error.diagnostics.first { $0.id == .relationCycle })
        #expect(cycle.message.contains("HP:0000001") && cycle.message.contains("HP:0000014"), "\(cycle.message)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(PackSnapshot.fileName).path))
    }

    @Test func namesInASnapshotResolveAsOneIndexWould() throws {
        let (folder, _) = try Self.compiledPack()
        for others in [[], [Self.curated]] {
            let (contents, _) = try PackLoading.read([Fixtures.corePack(), try PackFiles.read(directory: folder.path)] + others)
            let knowledge = try KnowledgeBase(packs: contents)
            #expect(knowledge.packsFromSnapshots == ["tiny"])
            let graph = knowledge.graph
            let whole = NameIndex(entities: graph.statedEntities, representative: graph.concepts.representative)
            var names = ["second thing", "uMLS:c9", "things", "nothing at all", "", "hp:0000013", "Term Ones"]
            for entity in graph.statedEntities {
                names += [entity.id, entity.id.lowercased(), entity.label, entity.label.uppercased() + "s"] + entity.synonyms + entity.xrefs
            }
            for name in names { #expect(graph.names.resolve(name) == whole.resolve(name), "\(name)") }
            #expect(graph.names.resolve("Second thing") == graph.entityID(for: "HP:0000012").map { .unique($0) } || others.isEmpty)
            func keyed(_ index: NameIndex) -> Set<String> { Set(index.allNames().flatMap { name in name.entities.map { "\(name.key) \($0)" } }) }
            #expect(keyed(graph.names) == keyed(whole))
        }
    }

    @Test func aChangedFileMakesTheSnapshotStale() throws {
        let (folder, _) = try Self.compiledPack()
        let hpoa = folder.appendingPathComponent("tiny.hpoa")
        try (TinyOntology.hpoa + "\nOMIM:5\tDisease five\t\tHP:0000012\tPMID:5\tTAS\t\t\t\t\tP\tx\n")
            .write(to: hpoa, atomically: true, encoding: .utf8)
        let knowledge = try Self.load(folder)
        #expect(knowledge.packsFromSnapshots.isEmpty)
        #expect(knowledge.graph.entityID(for: "OMIM:5") != nil)  // the files were read
        let warning = try #require(knowledge.warnings.first { $0.message.contains("snapshot") })
        #expect(warning.severity == .warning)
        #expect(warning.message.hasPrefix("stale snapshot: '\(hpoa.path)' changed size"))
        #expect(warning.message.hasSuffix("run 'symkb pack compile \(folder.path)')"))
        #expect(warning.location?.file == folder.appendingPathComponent(PackSnapshot.fileName).path)
    }

    @Test func aChangedManifestMakesTheSnapshotStale() throws {
        let (folder, _) = try Self.compiledPack()
        let manifest = folder.appendingPathComponent("pack.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "version: 1.0.0", with: "version: 1.0.1")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let knowledge = try Self.load(folder)
        #expect(knowledge.packsFromSnapshots.isEmpty)
        #expect(knowledge.warnings.contains { $0.message.hasPrefix("stale snapshot: the pack's id, version or imports changed") })
    }

    /// Damages the snapshot with `damage` and returns the warning the load gives.
    func warning(afterDamaging damage: (inout [UInt8]) -> Void) throws -> String {
        let (folder, snapshot) = try Self.compiledPack()
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        damage(&bytes)
        try Data(bytes).write(to: snapshot)
        let knowledge = try Self.load(folder)
        #expect(knowledge.packsFromSnapshots.isEmpty)
        #expect(knowledge.graph.entityID(for: "HP:0000014") != nil)  // read from the files instead
        return try #require(knowledge.warnings.first { $0.message.contains("snapshot") }).message
    }

    /// The fuzz target's seed must be a snapshot of the current format, or every mutation of it is
    /// refused at the version check and the decoder behind it is never fuzzed.
    @Test func theFuzzSeedIsACurrentSnapshot() throws {
        let manifest = """
            format: 1
            id: fuzz
            version: 0.1.0
            title: Fuzz
            disclaimer: Not medical advice.
            sources: [{id: onto, title: An ontology}]
            imports:
              - {format: obo, path: "\(FileManager.default.temporaryDirectory.appendingPathComponent("symkb-fuzz-input.obo").path)", source: onto}
            depends: {core: ^1.0.0}
            """
        // The manifest names the fuzz target's input file, which must exist to be read.
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("symkb-fuzz-input.obo")
        if !FileManager.default.fileExists(atPath: input.path) {
            try "format-version: 1.2\n".write(to: input, atomically: true, encoding: .utf8)
        }
        let folder = try SymkbProcess.temporaryDirectory()
        let pack = try PackReader.read(PackFiles(origin: .directory(folder.path), displayRoot: "fuzz", files: ["pack.yaml": manifest])).content
        let seed = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("Fuzz/Corpus/FuzzSnapshotDecoder/tiny.snapshot"))
        let snapshot = try seed.withUnsafeBytes { bytes in
            try PackSnapshot.decode(bytes, for: pack, checkingInputs: false, checkingChecksum: true)
        }
        #expect(snapshot.segment.entities.map(\.id) == ["FZ:0000001", "FZ:0000002"])
        #expect(snapshot.segment.retired.map(\.id) == ["FZ:0000003"])
        // The fuzz target assembles what decodes, as a load does before the checksum answers.
        let snapshotPath = try #require(PackSnapshot.path(for: pack))
        let core = try PackReader.read(Fixtures.corePack()).content
        let knowledge = try KnowledgeBase(packs: [core, pack], using: snapshot, at: snapshotPath)
        #expect(knowledge.packsFromSnapshots == ["fuzz"])
        #expect(knowledge.graph.resolve("kid") != .none)
    }

    @Test func damagedSnapshotsAreRefused() throws {
        #expect(try warning { $0[$0.count / 2] ^= 0xFF }.hasPrefix("corrupt snapshot: checksum mismatch"))
        #expect(try warning { $0.removeLast(100) }.hasPrefix("corrupt snapshot: the payload is"))
        #expect(try warning { $0 = Array($0.prefix(20)) }.hasPrefix("corrupt snapshot: cut short: 20 bytes, less than its"))
        #expect(try warning { $0 = Array($0.prefix(5)) }.hasPrefix("incompatible snapshot: not a symkb snapshot"))
        // Damage that would pass for a change (the recorded import key; the first input's name) is
        // told apart by the sum: corrupt, not stale.
        #expect(try warning { $0[36 + 6] ^= 0x01 }.hasPrefix("corrupt snapshot: checksum mismatch"))  // the header is 36 bytes
        #expect(try warning { bytes in
            let at = bytes.indices.first { bytes[$0...].starts(with: Array("tiny.obo".utf8)) } ?? 0
            bytes[at] ^= 0x01
        }.hasPrefix("corrupt snapshot: checksum mismatch"))
        #expect(try warning { $0[0] = UInt8(ascii: "X") }.hasPrefix("incompatible snapshot: not a symkb snapshot"))
        #expect(try warning { $0[8] = 99 }.hasPrefix(
            "incompatible snapshot: written by a newer symkb (format version 99; this symkb reads version \(PackSnapshot.formatVersion))"))
        #expect(try warning { $0[8] = 1 }.hasPrefix("incompatible snapshot: written by an older symkb (format version 1;"))
        // A flipped high byte is damage, not a symkb from the far future.
        #expect(try warning { $0[10] ^= 0xFF }.hasPrefix("corrupt snapshot: its header is damaged: format version"))
        #expect(try warning { $0.swapAt(12, 15) }.hasPrefix("incompatible snapshot: written on a machine of another byte order"))
    }

    /// A snapshot compiled by a newer symkb, whose import found a problem this one has no id
    /// for, is refused as incompatible (and the pack read from its files), not called damaged.
    @Test func aDiagnosticOfANewerSymkbMakesTheSnapshotIncompatible() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        try (TinyOntology.hpoa + "\nOMIM:5\tDisease five\t\tHP:0000999\tPMID:5\tTAS\t\t\t\t\tP\tx\n")
            .write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
        let snapshot = URL(fileURLWithPath: try PackCompiler.compile("tiny", among: [try Self.core(), try Self.read(folder)]).path)
        // The id of the warning recorded (an unknown term) renamed in place, and the sum made
        // again, as the newer symkb would have made it.
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        let payload = PackSnapshot.headerSize, id = Array(DiagnosticID.unknownTerm.rawValue.utf8)
        let at = try #require(bytes.indices.dropFirst(payload).first { bytes[$0...].starts(with: id) })
        bytes[at + id.count - 1] = UInt8(ascii: "~")
        let sum = bytes.withUnsafeBytes { SnapshotChecksum.of(UnsafeRawBufferPointer(rebasing: $0[payload...])) }
        withUnsafeBytes(of: sum) { bytes.replaceSubrange((payload - 8)..<payload, with: $0) }
        try Data(bytes).write(to: snapshot)
        let knowledge = try Self.load(folder)
        #expect(knowledge.packsFromSnapshots.isEmpty)
        #expect(knowledge.graph.entityID(for: "OMIM:5") != nil)  // read from the files instead
        let message = try #require(knowledge.warnings.first { $0.message.contains("snapshot") }).message
        #expect(message.hasPrefix("incompatible snapshot: it records diagnostic 'unknown-ter~', which this symkb does not know: compiled by a newer symkb;"))
    }

    /// A catalog load refuses a snapshot damaged where decoding cannot tell (a letter of a label):
    /// its checksum does not match, and the pack is read from its files instead.
    @Test func aLoadRefusesDamageTheDecodingCannotSee() throws {
        let (folder, snapshot) = try Self.compiledPack()
        let catalog = try PackCatalog.discover(
            bundled: [Fixtures.corePack()], explicit: [folder.path], environment: [:], includeDefaults: false)
        let intact = try CatalogLoader.load(catalog).knowledge
        #expect(intact.packsFromSnapshots == ["tiny"])
        #expect(intact.warnings.isEmpty)
        let intactFacts = Self.facts(intact.graph)
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        let label = Array("Term three".utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: label) })
        bytes[at + 5] = UInt8(ascii: "X")  // "Term Xhree": still a valid record
        try Data(bytes).write(to: snapshot, options: .atomic)  // as a compile replaces a file
        let damaged = try CatalogLoader.load(catalog)
        #expect(damaged.knowledge.packsFromSnapshots.isEmpty)
        #expect(damaged.diagnostics.contains { $0.message.hasPrefix("corrupt snapshot: checksum mismatch") })
        #expect(Self.facts(damaged.knowledge.graph) == intactFacts)
        #expect(damaged.knowledge.graph.resolve("Term Xhree") == .none)
    }

    /// A provisional load answers from a snapshot before its sum is known: intact, it is
    /// confirmed as it stands; damaged where decoding cannot tell, it is what the damaged file
    /// says until confirmed, and the confirmation loads the pack again from its files.
    @Test func aProvisionalLoadIsConfirmedOrLoadedAgain() throws {
        let (folder, snapshot) = try Self.compiledPack()
        let catalog = try PackCatalog.discover(
            bundled: [Fixtures.corePack()], explicit: [folder.path], environment: [:], includeDefaults: false)
        let intact = try CatalogLoader.loadProvisionally(catalog)
        #expect(intact.result.knowledge.packsFromSnapshots == ["tiny"])
        #expect(try intact.confirmed() == nil)
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("Term three".utf8)) })
        bytes[at + 5] = UInt8(ascii: "X")
        try Data(bytes).write(to: snapshot, options: .atomic)
        func label(_ knowledge: KnowledgeBase) throws -> String {
            let graph = knowledge.graph
            return graph[try #require(graph.entityID(for: "HP:0000013"))].label
        }
        let damaged = try CatalogLoader.loadProvisionally(catalog)
        #expect(try label(damaged.result.knowledge) == "Term Xhree", "before the sum is known, the load is the file's")
        let reloaded = try #require(try damaged.confirmed())
        #expect(reloaded.knowledge.packsFromSnapshots.isEmpty)
        #expect(reloaded.diagnostics.contains { $0.message.hasPrefix("corrupt snapshot: checksum mismatch") })
        #expect(try label(reloaded.knowledge) == "Term three")
    }

    /// A folder read ahead (``PackReadAhead``) gives the load its read and its opened snapshot,
    /// once: the load equals one without it, and a damaged snapshot read ahead is still refused
    /// when its sum is confirmed. A folder that is not a pack is passed over.
    @Test func aFolderReadAheadGivesItsSnapshotToTheLoadOnce() throws {
        let (folder, snapshot) = try Self.compiledPack()
        let catalog = try PackCatalog.discover(
            bundled: [Fixtures.corePack()], explicit: [folder.path], environment: [:], includeDefaults: false)
        let plain = try CatalogLoader.load(catalog)
        let readAhead = PackReadAhead([Fixtures.corePack()], folders: ["/nowhere", folder.path])
        let ahead = try CatalogLoader.loadProvisionally(catalog, readAhead: readAhead)
        #expect(try ahead.confirmed() == nil)
        #expect(ahead.result.knowledge.packsFromSnapshots == ["tiny"])
        #expect(Self.facts(ahead.result.knowledge.graph) == Self.facts(plain.knowledge.graph))
        let files = try #require(catalog.entries.last?.files)
        #expect(readAhead.read(of: files) != nil)
        #expect(readAhead.snapshot(at: snapshot.path, for: files) == nil, "taken by the load")

        var bytes = [UInt8](try Data(contentsOf: snapshot))
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("Term three".utf8)) })
        bytes[at + 5] = UInt8(ascii: "X")
        try Data(bytes).write(to: snapshot, options: .atomic)
        let damaged = try CatalogLoader.loadProvisionally(
            catalog, readAhead: PackReadAhead([Fixtures.corePack()], folders: [folder.path]))
        let reloaded = try #require(try damaged.confirmed())
        #expect(reloaded.knowledge.packsFromSnapshots.isEmpty)
        #expect(reloaded.diagnostics.contains { $0.message.hasPrefix("corrupt snapshot: checksum mismatch") })
    }

    /// Opened with the checksum left for later, a snapshot damaged where decoding cannot tell is
    /// decoded, and its checksum then says so; an intact one's matches.
    @Test func aChecksumLeftForLaterStillFindsDamage() throws {
        let (folder, snapshot) = try Self.compiledPack()
        let pack = try Self.read(folder)
        #expect(try PackSnapshot.open(at: snapshot.path, for: pack, checksum: .later).checksumMatches())
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("Term three".utf8)) })
        bytes[at + 5] = UInt8(ascii: "X")
        try Data(bytes).write(to: snapshot, options: .atomic)
        let damaged = try PackSnapshot.open(at: snapshot.path, for: pack, checksum: .later)
        #expect(!damaged.checksumMatches())
        #expect(!damaged.checksumMatches())  // asked again: the same answer, no second wait
        #expect(throws: SnapshotError.corrupt("checksum mismatch")) { try PackSnapshot.open(at: snapshot.path, for: pack) }
    }

    /// A catalog load uses a snapshot before its sum is known: random damage anywhere in the
    /// payload never traps the load, and is always refused (the files are read instead).
    @Test func randomDamageIsRefusedByALoadToo() throws {
        let (folder, snapshot) = try Self.compiledPack()
        let catalog = try PackCatalog.discover(
            bundled: [Fixtures.corePack()], explicit: [folder.path], environment: [:], includeDefaults: false)
        let intactFacts = Self.facts(try CatalogLoader.load(catalog).knowledge.graph)
        let bytes = [UInt8](try Data(contentsOf: snapshot))
        var generator = SeededRandom()
        for _ in 0..<40 {
            var damaged = bytes
            damaged[Int.random(in: 36..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            try Data(damaged).write(to: snapshot, options: .atomic)
            let loaded = try CatalogLoader.load(catalog)
            #expect(loaded.knowledge.packsFromSnapshots.isEmpty, "\(generator)")
            #expect(loaded.diagnostics.contains { $0.message.contains("snapshot") }, "\(generator)")
            #expect(Self.facts(loaded.knowledge.graph) == intactFacts, "\(generator)")
        }
    }

    @Test func decodingNeverTrustsLengths() throws {
        // Decoding runs alongside the checksum, so it meets damaged bytes before the checksum has
        // spoken: cut the file anywhere (with the header's length made to agree) and it must throw, not crash.
        let (folder, snapshot) = try Self.compiledPack()
        let pack = try Self.read(folder)
        let bytes = [UInt8](try Data(contentsOf: snapshot))
        for cut in stride(from: 36, to: bytes.count, by: max(1, bytes.count / 50)) {
            var truncated = Array(bytes.prefix(cut))
            // Make the header agree with the cut, so decoding (not the length check) must find the damage.
            let length = UInt64(truncated.count - 36).littleEndian
            withUnsafeBytes(of: length) { for (index, byte) in $0.enumerated() { truncated[20 + index] = byte } }
            try Data(truncated).write(to: snapshot)
            #expect(throws: SnapshotError.self) { try PackSnapshot.open(at: snapshot.path, for: pack) }
        }
    }

    @Test func packsWithoutImportsHaveNothingToCompile() throws {
        #expect(throws: PackLoadError.self) { try PackCompiler.compile("core", among: [try Self.core()]) }
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        #expect(throws: SnapshotError.missing) {
            try PackSnapshot.open(at: folder.appendingPathComponent(PackSnapshot.fileName).path, for: try Self.read(folder))
        }
    }

    @Test func randomDamageIsAlwaysRefusedNeverFatal() throws {
        let (folder, snapshot) = try Self.compiledPack()
        let pack = try Self.read(folder)
        let original = [UInt8](try Data(contentsOf: snapshot))
        var generator = SeededRandom()
        for _ in 0..<200 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 36..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            guard bytes != original else { continue }
            try Data(bytes).write(to: snapshot)
            #expect(throws: SnapshotError.self) { try PackSnapshot.open(at: snapshot.path, for: pack) }
        }
    }

    /// An import of files that hold nothing is no pack to compile (it still loads, read from its
    /// files, with a warning).
    @Test func anImportThatAddsNothingIsNotCompiled() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        try TinyOntology.writePack(to: folder)
        try "format-version: 1.4\n".write(to: folder.appendingPathComponent("tiny.obo"), atomically: true, encoding: .utf8)
        try "#version: test\ndatabase_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n"
            .write(to: folder.appendingPathComponent("tiny.hpoa"), atomically: true, encoding: .utf8)
        #expect {
            _ = try PackCompiler.compile("tiny", among: [try Self.core(), try Self.read(folder)])
        } throws: { error in
            let ids = (error as? PackLoadError)?.diagnostics.filter { $0.severity == .error }.map(\.id)
            return ids == [.oboNoTerms, .hpoaNoRows]
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(PackSnapshot.fileName).path))
        let knowledge = try Self.load(folder)
        #expect(knowledge.packsFromSnapshots.isEmpty && knowledge.packs.contains { $0.id == "tiny" })
    }
}
