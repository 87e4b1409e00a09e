import Foundation
import KnowledgePacks
import Testing
import TestSupport

/// Discovery on the search path, shadowing, and skipping broken optional packs.
@Suite struct CatalogTests {
    static func writePack(_ id: String, in folder: URL, version: String = "1.0.0", data: String,
                          depends: String = "{core: ^1.0.0}", extra: String = "") throws -> URL {
        let pack = folder.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try """
            format: 1
            id: \(id)
            version: \(version)
            title: Pack \(id)
            sources: [{id: s, title: S}]
            depends: \(depends)
            \(extra)
            """.write(to: pack.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try data.write(to: pack.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        return pack
    }

    static let simpleData = "entities:\n  - {id: thing, kind: symptom, label: Thing}\n"

    /// Data that refers to the bundled multiple-sclerosis pack's ms-spasms.
    static let heatTriggersSpasms = """
        entities:
          - {id: heat, kind: trigger, label: Heat}
        assertions:
          - {subject: "ms:ms-spasms", relation: triggered_by, object: heat, locator: l}
        """

    @Test func findsPacksInTheUserFolderAndSymkbPacks() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let user = root.appendingPathComponent("data/symkb/packs")
        _ = try Self.writePack("alpha", in: user, data: Self.simpleData)
        let shelf = root.appendingPathComponent("shelf")
        _ = try Self.writePack("beta", in: shelf, data: Self.simpleData)
        let single = try Self.writePack("gamma", in: root.appendingPathComponent("single"), data: Self.simpleData)
        let catalog = try PackCatalog.discover(
            bundled: Fixtures.bundledPackFiles(), explicit: [],
            environment: ["XDG_DATA_HOME": root.appendingPathComponent("data").path,
                          "SYMKB_PACKS": shelf.path + ":" + single.path + ":/no/such/folder"])
        let result = try CatalogLoader.load(catalog)
        #expect(result.knowledge.packs.map(\.id).sorted() == ["alpha", "beta", "core", "gamma", "ms-hpo", "multiple-sclerosis"])
        #expect(result.statuses.map(\.entry.source.description).contains("$SYMKB_PACKS: \(single.path)"))
    }

    /// Packs read ahead (the bundled ones, while symkb parses its command line) are taken by a
    /// load as they would have been read; only the very same files are taken for a pack.
    @Test func packsReadAheadAreTakenOnlyForTheirOwnFiles() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let user = root.appendingPathComponent("user")
        _ = try Self.writePack("alpha", in: user, data: Self.simpleData)
        let bundled = Fixtures.bundledPackFiles()
        let readAhead = PackReadAhead(bundled)
        let catalog = try PackCatalog.discover(
            bundled: bundled, explicit: [], environment: ["XDG_DATA_HOME": "/nowhere", "SYMKB_PACKS": user.path])
        let ahead = try CatalogLoader.loadProvisionally(catalog, readAhead: readAhead).result
        let plain = try CatalogLoader.load(catalog)
        #expect(ahead.knowledge.packs.map(\.id) == plain.knowledge.packs.map(\.id))
        #expect(ahead.knowledge.graph.entities.count == plain.knowledge.graph.entities.count)
        #expect(ahead.knowledge.graph.assertions.count == plain.knowledge.graph.assertions.count)
        #expect(ahead.diagnostics.map(\.description) == plain.diagnostics.map(\.description))
        // Read ahead: each bundled pack; not the user's, nor a bundled pack's files changed or shown elsewhere.
        let core = try #require(bundled.first { $0.displayRoot.hasSuffix("/core") })
        #expect(try readAhead.read(of: core)?.get().content.id == "core")
        #expect(readAhead.read(of: try #require(catalog.entries.last?.files)) == nil)
        var changed = core
        changed.files["pack.yaml", default: ""] += "\n# changed\n"
        #expect(readAhead.read(of: changed) == nil)
        #expect(readAhead.read(of: PackFiles(origin: core.origin, displayRoot: "elsewhere/core", files: core.files)) == nil)
    }

    @Test func strongerSourcesShadowWeakerOnes() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let user = root.appendingPathComponent("user")
        _ = try Self.writePack("alpha", in: user, version: "1.0.0", data: Self.simpleData)
        let explicit = try Self.writePack("alpha", in: root.appendingPathComponent("mine"), version: "2.0.0", data: Self.simpleData)
        let catalog = try PackCatalog.discover(
            bundled: Fixtures.bundledPackFiles(), explicit: [explicit.path],
            environment: ["XDG_DATA_HOME": "/nowhere", "SYMKB_PACKS": user.path])
        let result = try CatalogLoader.load(catalog)
        #expect(result.knowledge.pack("alpha")?.manifest.version.description == "2.0.0")
        let shadowed = result.statuses.first { $0.id == "alpha" && $0.status != .loaded }
        #expect(shadowed?.status == .shadowed(by: "--pack: \(explicit.path)"))
    }

    /// Two folders of one standing (both in $SYMKB_PACKS) with one pack id: the later is used,
    /// and a warning names both, located at the one ignored.
    @Test func oneIDTwiceOnTheSamePathIsAWarning() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let first = try Self.writePack("alpha", in: root.appendingPathComponent("a"), version: "1.0.0", data: Self.simpleData)
        let second = try Self.writePack("alpha", in: root.appendingPathComponent("b"), version: "2.0.0", data: Self.simpleData)
        let catalog = try PackCatalog.discover(
            bundled: Fixtures.bundledPackFiles(), explicit: [],
            environment: ["XDG_DATA_HOME": "/nowhere", "SYMKB_PACKS": first.path + ":" + second.path])
        let result = try CatalogLoader.load(catalog)
        #expect(result.knowledge.pack("alpha")?.manifest.version.description == "2.0.0")
        let warnings = result.diagnostics.filter { $0.id == .duplicatePack }
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.location?.file == first.path + "/pack.yaml")
        #expect(warnings.first?.message.contains(second.path + " is used") == true)
        // A stronger source over a weaker one is a choice, not a mistake: no warning.
        let chosen = try CatalogLoader.load(try PackCatalog.discover(
            bundled: Fixtures.bundledPackFiles(), explicit: [second.path],
            environment: ["XDG_DATA_HOME": "/nowhere", "SYMKB_PACKS": first.path]))
        #expect(!chosen.diagnostics.contains { $0.id == .duplicatePack })
    }

    @Test func brokenSearchedPacksAreSkippedButNamedOnesFail() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let shelf = root.appendingPathComponent("shelf")
        let broken = try Self.writePack("broken", in: shelf, data: "entities:\n  - {id: x, kind: nonsense, label: X}\n")
        _ = try Self.writePack("dangling", in: shelf, data: "assertions:\n  - {subject: a, relation: causes, object: b, locator: l}\n")
        let catalog = try PackCatalog.discover(
            bundled: Fixtures.bundledPackFiles(), explicit: [], environment: ["SYMKB_PACKS": shelf.path, "HOME": "/nowhere"])
        let result = try CatalogLoader.load(catalog)
        #expect(result.knowledge.packs.map(\.id) == ["core", "multiple-sclerosis", "ms-hpo"])
        #expect(result.statuses.filter { if case .skipped = $0.status { true } else { false } }.count == 2)
        #expect(result.diagnostics.contains { $0.message.contains("unknown kind 'nonsense'") })

        let named = try PackCatalog.discover(bundled: Fixtures.bundledPackFiles(), explicit: [broken.path], environment: [:])
        #expect(throws: PackLoadError.self) { try CatalogLoader.load(named) }
    }

    @Test func aFileNamedAsAPackSaysSo() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let pack = try Self.writePack("alpha", in: root, data: Self.simpleData)
        for (path, message) in [(pack.appendingPathComponent("pack.yaml").path, "is a file, not a pack folder: name the folder that holds it"),
                                (pack.appendingPathComponent("data.yaml").path, "is a file, not a pack folder")] {
            #expect {
                _ = try PackCatalog.discover(bundled: [], explicit: [path], environment: [:])
            } throws: { error in
                guard let error = error as? PackLoadError else { return false }
                return error.kind == .missingInput && error.errors.first?.message == "'\(path)' \(message)"
            }
        }
    }

    @Test func missingNamedFolderIsMissingInput() {
        #expect {
            _ = try PackCatalog.discover(bundled: [], explicit: ["/no/such/pack"], environment: [:])
        } throws: { error in
            (error as? PackLoadError)?.kind == .missingInput
        }
    }

    @Test func conflictsAreErrorsNamingBothPacks() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let pack = try Self.writePack("rival", in: root, data: Self.simpleData, extra: "conflicts: {multiple-sclerosis: ^1.0.0}")
        let catalog = try PackCatalog.discover(bundled: Fixtures.bundledPackFiles(), explicit: [pack.path], environment: [:])
        #expect {
            _ = try CatalogLoader.load(catalog)
        } throws: { error in
            (error as? PackLoadError)?.errors.first?.message
                == "pack 'rival' conflicts with 'multiple-sclerosis' ^1.0.0, and version 1.0.0 is loaded"
        }
    }

    @Test func checkerResolvesDependenciesFromTheCatalog() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let pack = try Self.writePack("extra", in: root, data: Self.heatTriggersSpasms,
                                      depends: "{core: ^1.0.0, multiple-sclerosis: ^1.0.0}")
        let catalog = PackCatalog(entries: Fixtures.bundledPackFiles().map { .init(files: $0, source: .bundled) })
        let report = PackChecker.check([try PackFiles.read(directory: pack.path)], catalog: catalog)
        #expect(report.errorCount == 0, "\(report.diagnostics)")
        #expect(report.knowledge?.packs.map(\.id).sorted() == ["core", "extra", "multiple-sclerosis"])

        // Of two packs with the id depended on, the last one that reads is taken: one whose data
        // does not read does not hide the one before it (manifests are read first, data after).
        let broken = try Self.writePack("multiple-sclerosis", in: root.appendingPathComponent("later"), data: "entities: [")
        let shadowed = PackCatalog(entries: catalog.entries + [.init(files: try PackFiles.read(directory: broken.path), source: .bundled)])
        let resolved = PackChecker.dependencies(of: [try PackReader.read(try PackFiles.read(directory: pack.path)).content], catalog: shadowed)
        #expect(resolved.map(\.id) == ["core", "multiple-sclerosis"])
        #expect(resolved.last?.entities.contains { $0.entity.id.hasSuffix("ms-spasms") } == true, "the bundled pack, not the broken one")
    }

    /// A misspelt dependency is suggested from the catalog's packs, which a check does not load.
    @Test func aMisspeltDependencyIsSuggestedFromTheCatalog() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let pack = try Self.writePack("extra", in: root, data: Self.simpleData,
                                      depends: "{core: ^1.0.0, multiple-sclerosys: ^1.0.0}")
        let catalog = PackCatalog(entries: Fixtures.bundledPackFiles().map { .init(files: $0, source: .bundled) })
        let report = PackChecker.check([try PackFiles.read(directory: pack.path)], catalog: catalog)
        let missing = report.diagnostics.filter { $0.id == .missingDependency }
        #expect(missing.map(\.suggestions) == [["multiple-sclerosis"]], "\(report.diagnostics)")
        // Misspelling core: that one error, not every kind and relation of core reported unknown.
        let typo = try Self.writePack("typo", in: root, data: Self.simpleData, depends: "{cor: ^1.0.0}")
        let typoReport = PackChecker.check([try PackFiles.read(directory: typo.path)], catalog: catalog)
        #expect(typoReport.diagnostics.filter { $0.severity == .error }.map(\.id) == [.missingDependency], "\(typoReport.diagnostics)")
    }

    /// A file a load leaves aside is named, never dropped without a word: one whose name does not
    /// end in .yaml (but not documentation, hidden files or the snapshot), and a YAML file that
    /// the manifest's `data` list leaves out.
    @Test func checkWarnsAboutFilesThatAreNotRead() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let pack = try Self.writePack("extra", in: root, data: "entities:\n  - {id: heat, kind: trigger, label: Heat}\n")
        try FileManager.default.createDirectory(at: pack.appendingPathComponent(".github"), withIntermediateDirectories: true)
        for name in ["more.txt", "README.md", "LICENSE", ".notes.txt", "pack.snapshot.verified", "data.yaml.bak", ".github/ci.yml"] {
            try "entities: []\n".write(to: pack.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let catalog = PackCatalog(entries: Fixtures.bundledPackFiles().map { .init(files: $0, source: .bundled) })
        var report = PackChecker.check([try PackFiles.read(directory: pack.path)], catalog: catalog)
        var unread = report.diagnostics.filter { $0.id == .fileNotRead }
        #expect(report.errorCount == 0, "\(report.diagnostics)")
        #expect(unread.map(\.severity) == [.warning])
        #expect(unread.first?.message == "'more.txt' is not read: a pack's data files end in .yaml or .yml (to read it, name it 'more.yaml')")
        #expect(unread.first?.location == SourceLocation(file: pack.path + "/more.txt", line: 1, column: 1))

        try FileManager.default.removeItem(at: pack.appendingPathComponent("more.txt"))
        try "entities: []\n".write(to: pack.appendingPathComponent("later.yaml"), atomically: true, encoding: .utf8)
        let manifest = pack.appendingPathComponent("pack.yaml")
        try (try String(contentsOf: manifest, encoding: .utf8) + "\ndata: [data.yaml]\n").write(to: manifest, atomically: true, encoding: .utf8)
        report = PackChecker.check([try PackFiles.read(directory: pack.path)], catalog: catalog)
        unread = report.diagnostics.filter { $0.id == .fileNotRead }
        #expect(unread.map(\.message) == ["'later.yaml' is not read: pack.yaml lists its data files under 'data', and not this one"])
    }

    /// A check loads a pack with its dependencies only; a reference into another pack it finds
    /// is the missing dependency it is, as a load says, not an unknown namespace.
    @Test func checkerNamesTheDependencyAReferenceNeeds() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let pack = try Self.writePack("extra", in: root, data: Self.heatTriggersSpasms)
        let catalog = PackCatalog(entries: Fixtures.bundledPackFiles().map { .init(files: $0, source: .bundled) })
        let report = PackChecker.check([try PackFiles.read(directory: pack.path)], catalog: catalog)
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.id) == [.missingDependency], "\(report.diagnostics)")
        #expect(errors.first?.message == "pack 'extra' refers to 'ms:ms-spasms' of pack 'multiple-sclerosis' without depending on it; "
            + "add 'multiple-sclerosis' to 'depends' in pack.yaml")
        #expect(errors.first?.location?.line == 4)
    }
    /// A reference into a namespace that only an imported ontology has (HP, of a pack importing an
    /// OBO file) names the pack to depend on, as that pack's compiled snapshot records it.
    @Test func checkerNamesThePackThatImportsANamespace() throws {
        let root = try SymkbProcess.temporaryDirectory()
        let tiny = root.appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: tiny, withIntermediateDirectories: true)
        try TinyOntology.writePack(to: tiny)
        let core = try PackReader.read(Fixtures.corePack()).content
        _ = try PackCompiler.compile("tiny", among: [core, try PackReader.read(try PackFiles.read(directory: tiny.path)).content])
        let pack = try Self.writePack("extra", in: root, data: """
            entities:
              - {id: heat, kind: trigger, label: Heat}
            assertions:
              - {subject: "HP:0000013", relation: triggered_by, object: heat, locator: l}
            """)
        let bundled = Fixtures.bundledPackFiles().map { PackCatalog.Entry(files: $0, source: .bundled) }
        let catalog = PackCatalog(entries: bundled + [.init(files: try PackFiles.read(directory: tiny.path), source: .explicit(tiny.path))])
        let report = PackChecker.check([try PackFiles.read(directory: pack.path)], catalog: catalog)
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.id) == [.missingDependency], "\(report.diagnostics)")
        #expect(errors.first?.message.hasPrefix("pack 'extra' refers to 'HP:0000013' of pack 'tiny' without depending on it") == true)
        // Without the imported pack in the catalog, the namespace is unknown, and the error says
        // how such a namespace comes to be known.
        let alone = PackChecker.check([try PackFiles.read(directory: pack.path)], catalog: PackCatalog(entries: bundled))
        #expect(alone.diagnostics.filter { $0.severity == .error }.map(\.id) == [.unknownNamespace])
        #expect(alone.diagnostics.first { $0.severity == .error }?.message.contains("add that pack to 'depends'") == true)
    }
}
