import BundledKnowledge
import Foundation
@testable import KnowledgePacks
import SymptomGraph
import Testing
import TestSupport

/// The bundled packs as a build embeds them (``PackContentCoding``): decoded, they are the packs
/// read from their YAML, field for field.
@Suite struct PackContentCodingTests {
    /// The embedded encoding holds every bundled pack, equal to its read.
    @Test func embeddedPacksEqualTheirYAML() throws {
        let bundled = Fixtures.bundledPackFiles()
        let bytes = try #require(Data(base64Encoded: BundledKnowledge.compiledPacks))
        let decoded = try bytes.withUnsafeBytes { bytes in try PackContentCoding.contents(in: bytes, for: bundled) }
        #expect(decoded.count == bundled.count && bundled.count == 3)
        for (files, content) in zip(bundled, decoded) {
            let read = try PackReader.read(files)
            #expect(read.warnings.isEmpty)
            #expect(content == read.content, "\(files.displayRoot)")
        }
    }

    /// Every field survives, including those no bundled pack uses.
    @Test func everyFieldRoundTrips() throws {
        let files = PackFiles(origin: .directory("/packs/full"), displayRoot: "packs/full", files: ["pack.yaml": "id: full"])
        let content = Self.fullContent()
        let bytes = PackContentCoding.encode([(files, content)])
        let decoded = try bytes.withUnsafeBytes { bytes in try PackContentCoding.contents(in: bytes, for: [files]) }
        #expect(decoded == [content])
    }

    /// An encoding is used only for the files it was read from, shown under the same folder.
    @Test func otherFilesAreNotTakenFromAnEncoding() throws {
        let files = PackFiles(origin: .bundled, displayRoot: "Knowledge/full", files: ["pack.yaml": "id: full"])
        let bytes = PackContentCoding.encode([(files, Self.fullContent())])
        var changed = files
        changed.files["pack.yaml", default: ""] += "\n"
        let elsewhere = PackFiles(origin: .bundled, displayRoot: "Knowledge/other", files: files.files)
        let decoded = try bytes.withUnsafeBytes { bytes in
            try PackContentCoding.contents(in: bytes, for: [changed, elsewhere, files])
        }
        #expect(decoded[0] == nil && decoded[1] == nil && decoded[2] != nil)
    }

    /// A truncated or altered encoding throws (or decodes to some content); it never crashes.
    @Test func damagedEncodingsAreRefused() throws {
        let files = PackFiles(origin: .bundled, displayRoot: "Knowledge/full", files: ["pack.yaml": "id: full"])
        let bytes = PackContentCoding.encode([(files, Self.fullContent())])
        for length in 0..<bytes.count {
            let cut = Array(bytes[..<length])
            #expect(throws: SnapshotError.self) {
                try cut.withUnsafeBytes { bytes in _ = try PackContentCoding.contents(in: bytes, for: [files]) }
            }
        }
        for position in stride(from: 0, to: bytes.count, by: 7) {
            var flipped = bytes
            flipped[position] ^= 0xA5
            _ = try? flipped.withUnsafeBytes { bytes in try PackContentCoding.contents(in: bytes, for: [files]) }
        }
    }

    /// A read-ahead given the encoding decodes the packs it holds, and reads any other from its YAML.
    @Test func readAheadDecodesWhatItCanAndReadsTheRest() throws {
        let bundled = Fixtures.bundledPackFiles()
        var changed = bundled
        changed[0].files["pack.yaml", default: ""] += "\n# changed\n"
        let readAhead = PackReadAhead(changed, compiled: BundledKnowledge.compiledPacks)
        for files in changed {
            #expect(try readAhead.read(of: files)?.get().content == PackReader.read(files).content)
        }
    }

    static func fullContent() -> PackContent {
        let at = { (line: Int) in SourceLocation(file: "packs/full/data.yaml", line: line, column: 3, length: 5) }
        var manifest = PackManifest(
            format: 1, id: "full", namespace: "fu", version: SemanticVersion(1, 2, 3, prerelease: ["beta", "2"], build: "b7"),
            title: "Full", description: "Every field.", license: "CC0-1.0", authors: ["A", "B"], disclaimer: "Not advice.",
            sources: [.init(id: "s", title: "S", citation: "C", locatorScheme: "page", location: at(1)),
                      .init(id: "t", title: "T", citation: nil, locatorScheme: nil, location: at(2))],
            dependencies: [.init(id: "core", versions: VersionRange("^1.0.0")!, location: at(3))],
            conflicts: [.init(id: "rival", versions: VersionRange(">=2.0.0 <3.0.0")!, location: at(4))],
            upstream: [.init(name: "hpo", version: "2025", url: "https://hpo.jax.org"), .init(name: "x", version: "1", url: nil)],
            dataFiles: ["data.yaml"], location: at(5))
        manifest.imports = [.init(format: "obo", path: "hp.obo", resolvedPath: "/data/hp.obo", source: "s", location: at(6))]
        manifest.priors = [.init(disease: "OMIM:1", probability: 0.125, location: at(7))]
        var content = PackContent(manifest: manifest, origin: .directory("/packs/full"))
        content.kinds = [KindRecord(kind: EntityKind(name: "sign", label: "Sign", parent: "finding", description: "D", pack: "full"),
                                    location: at(8))]
        var relation = RelationType(
            name: "eases", inverseName: "eased_by", label: "eases", inverseLabel: nil, isTransitive: true, isSymmetric: false,
            relationOntologyID: "RO:1", biolinkID: "biolink:x", domain: ["a"], range: ["b", "c"], description: "R", pack: "full")
        relation.inverseLabel = nil
        content.relations = [RelationRecord(relation: relation, location: at(9))]
        var entity = Entity(id: "fu:e", kind: "sign", label: "E", synonyms: ["e1", "e2"], definition: "Def", xrefs: ["X:1"], pack: "full")
        entity.mappings = [EntityMapping(.broad, "Y:2"), EntityMapping(.related, "Z:3")]
        entity.plainLabel = "e"
        entity.synonymForms = [SynonymForm(.narrow, type: "layperson"), .exact]
        entity.altIDs = ["fu:old"]
        entity.definitionXrefs = ["PMID:1"]
        content.entities = [EntityRecord(entity: entity, location: at(10), kindLocation: at(11))]
        content.extensions = [ExtensionRecord(id: "core:x", synonyms: ["s"], xrefs: ["X:9"], mappings: [EntityMapping(.close, "Q:1")],
                                              definition: "More", source: "s", locator: "p. 3", location: at(12))]
        content.assertions = [
            AssertionRecord(
                subject: EntityReference(id: "fu:e", location: at(13)), relation: "eases", relationLocation: at(14),
                objects: [EntityReference(id: "fu:f", location: at(15)), EntityReference(id: "fu:g", location: at(16))],
                qualifiers: Qualifiers(certainty: .may, frequency: "1/3", severity: "mild", onset: "adult", isNegated: true, context: "c"),
                source: "s", sourceLocation: at(17), locator: "§2", location: at(18)),
            AssertionRecord(
                subject: EntityReference(id: "fu:f", location: at(19)), relation: "eases", relationLocation: at(20), objects: [],
                qualifiers: Qualifiers(), source: nil, sourceLocation: nil, locator: nil, location: at(21)),
        ]
        content.tests = [PackTestCase(
            query: "what eases E",
            expectations: [.contains(["F"]), .equals(["F", "G"]), .excludes(["H"]), .empty, .error("no such")], location: at(22))]
        content.files = ["data.yaml", "pack.yaml"]
        return content
    }
}
