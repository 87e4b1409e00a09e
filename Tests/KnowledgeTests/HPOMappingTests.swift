import Foundation
import KnowledgePacks
import Testing
import TestSupport

/// Every HPO id the ms-hpo pack uses exists in hp.obo, is not obsolete, and has the name the pack
/// gives it. Needs the HPO release (not in the repository): `SYMKB_HPO_DIR`, default `../shared/data/hpo`.
@Suite struct HPOMappingTests {
    static var hpoDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["SYMKB_HPO_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return Fixtures.packageRoot.appendingPathComponent("../shared/data/hpo").standardizedFileURL
    }

    static var hasHPO: Bool {
        FileManager.default.fileExists(atPath: hpoDirectory.appendingPathComponent("hp.obo").path)
    }

    /// id → (name, obsolete) for every [Term] stanza.
    static func terms() throws -> [String: (name: String, obsolete: Bool)] {
        let text = try String(contentsOf: hpoDirectory.appendingPathComponent("hp.obo"), encoding: .utf8)
        var terms: [String: (name: String, obsolete: Bool)] = [:]
        var id: String?, name = "", obsolete = false
        func flush() { if let id { terms[id] = (name, obsolete) } }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("[") {
                flush()
                id = nil
                name = ""
                obsolete = false
            } else if line.hasPrefix("id: ") {
                id = String(line.dropFirst(4))
            } else if line.hasPrefix("name: ") {
                name = String(line.dropFirst(6))
            } else if line == "is_obsolete: true" {
                obsolete = true
            }
        }
        flush()
        return terms
    }

    @Test(.enabled(if: hasHPO, "the HPO release is not at SYMKB_HPO_DIR or ../shared/data/hpo"))
    func everyMappedTermExistsWithItsName() throws {
        let terms = try Self.terms()
        #expect(terms.count > 19_000)
        let pack = try #require(Fixtures.bundledPackFiles().first { $0.displayRoot == "Knowledge/ms-hpo" })
        let (content, _) = try PackReader.read(pack)
        #expect(content.extensions.count == 11)
        for mapping in content.extensions {
            // Exact (xrefs) and looser mappings alike name live terms; diseases are checked against phenotype.hpoa.
            for xref in mapping.xrefs + mapping.mappings.map(\.target) where xref.hasPrefix("HP:") {
                let term = try #require(terms[xref], "\(xref) is not in hp.obo")
                #expect(!term.obsolete, "\(xref) is obsolete")
                #expect(mapping.locator == xref)
                for synonym in mapping.synonyms {
                    #expect(synonym == term.name, "\(xref) is named '\(term.name)', the pack says '\(synonym)'")
                }
            }
        }
    }

    /// The disease ids the pack maps multiple sclerosis to: OMIM:126200 is annotated in
    /// phenotype.hpoa under a multiple sclerosis name; ORPHA:802 (Orphanet's entry) is not
    /// annotated in that release, so it merges with nothing and only names the concept.
    @Test(.enabled(if: hasHPO, "the HPO release is not at SYMKB_HPO_DIR or ../shared/data/hpo"))
    func diseaseMappingsMatchTheAnnotations() throws {
        let text = try String(contentsOf: Self.hpoDirectory.appendingPathComponent("phenotype.hpoa"), encoding: .utf8)
        var names: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            if fields.count >= 2 { names[String(fields[0])] = String(fields[1]) }
        }
        let pack = try #require(Fixtures.bundledPackFiles().first { $0.displayRoot == "Knowledge/ms-hpo" })
        let (content, _) = try PackReader.read(pack)
        let disease = try #require(content.extensions.first { $0.id == "ms:multiple-sclerosis" })
        #expect(disease.xrefs == ["OMIM:126200", "ORPHA:802"])
        let omim = try #require(names["OMIM:126200"], "OMIM:126200 is not annotated in phenotype.hpoa")
        #expect(omim.lowercased().hasPrefix("multiple sclerosis"))
        #expect(names["ORPHA:802"] == nil)
    }
}
