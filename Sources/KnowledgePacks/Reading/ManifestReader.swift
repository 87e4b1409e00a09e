import Foundation
import SymptomGraph
import Yams

/// Reads and checks `pack.yaml`.
struct ManifestReader {
    static let fields = [
        "format", "id", "namespace", "version", "title", "description", "license", "authors",
        "disclaimer", "sources", "depends", "conflicts", "upstream", "data", "imports", "priors",
    ]

    /// Reads the manifest; `nil` when it has errors (all recorded in `reader.diagnostics`).
    static func read(_ text: String, files: PackFiles, reader: inout YAMLReader) -> PackManifest? {
        read(text, files: files, reader: &reader, provisionally: false)?.manifest
    }

    /// Reads a manifest whose only errors are keys it does not know (`licence:`) or its version,
    /// for a check to go on to the data under it; `nil` when any other field is wrong (an id,
    /// namespace, format, source or dependency that is wrong would make the data's findings
    /// wrong too). An invalid version reads as 0.0.0, and `hasVersion` is false.
    static func readProvisionally(_ text: String, files: PackFiles, reader: inout YAMLReader) -> (manifest: PackManifest, hasVersion: Bool)? {
        read(text, files: files, reader: &reader, provisionally: true)
    }

    private static func read(
        _ text: String, files: PackFiles, reader: inout YAMLReader, provisionally: Bool
    ) -> (manifest: PackManifest, hasVersion: Bool)? {
        guard let root = reader.parse(text),
              let fields = reader.fields(of: root, allowed: Self.fields, what: "the pack manifest")
        else { return nil }
        let errorsBefore = reader.diagnostics.filter { $0.severity == .error }.count

        let format = reader.int(reader.required("format", in: fields, of: root, what: "the manifest"), what: "'format'")
        if let format, let node = fields["format"] {
            if format > PackManifest.supportedFormat {
                reader.error(.packFormat,
                    "pack format \(format) is newer than this symkb understands (up to \(PackManifest.supportedFormat)); "
                        + "update symkb", at: node)
            } else if format < 1 {
                reader.error(.packFormat, "pack format \(format) does not exist; formats start at 1", at: node)
            }
        }
        let id = reader.string(reader.required("id", in: fields, of: root, what: "the manifest"), what: "'id'")
        if let id, let node = fields["id"], !isValidName(id) {
            reader.error(.manifestInvalid, "pack id '\(id)' must be lowercase letters, digits and dashes, starting with a letter", at: node)
        }
        let namespace = reader.string(fields["namespace"], what: "'namespace'") ?? id
        if let namespace, let node = fields["namespace"], !isValidName(namespace) {
            reader.error(.manifestInvalid, "namespace '\(namespace)' must be lowercase letters, digits and dashes", at: node)
        }
        let versionText = reader.string(
            reader.required("version", in: fields, of: root, what: "the manifest"), what: "'version'")
        let version = versionText.flatMap(SemanticVersion.init)
        if let versionText, version == nil, let node = fields["version"] {
            reader.error(.manifestInvalid, "version '\(versionText)' is not a semantic version such as 1.0.0", at: node)
        }
        let title = reader.string(reader.required("title", in: fields, of: root, what: "the manifest"), what: "'title'")
        let sources = readSources(fields["sources"], reader: &reader)
        let dependencies = readDependencies(fields["depends"], what: "depends", reader: &reader)
        let conflicts = readDependencies(fields["conflicts"], what: "conflicts", reader: &reader)
        let upstream = readUpstream(fields["upstream"], reader: &reader)
        let imports = readImports(fields["imports"], sources: sources, files: files, reader: &reader)
        let listed = reader.locatedStrings(fields["data"], what: "'data'")
        var dataFiles = listed.map(\.text)
        if fields["data"] != nil {
            // Each missing file at its name, with the pack's YAML file it may mean.
            let present = files.files.keys.filter { $0.hasSuffix(".yaml") && !["pack.yaml", "tests.yaml"].contains($0) }.sorted()
            for (file, location) in listed where files.files[file] == nil {
                reader.diagnostics.append(Diagnostic(
                    .error, .fileNotFound, "data file '\(file)' does not exist in the pack", at: location,
                    suggestions: Array(Spelling.closest(to: file, among: present.filter { !dataFiles.contains($0) }).prefix(1))))
            }
        } else {
            dataFiles = files.files.keys.filter { !["pack.yaml", "tests.yaml"].contains($0) }.sorted()
        }
        warnAboutUnread(files, listed: fields["data"].map { _ in dataFiles }, imports: imports, reader: &reader)

        let errorsAfter = reader.diagnostics.filter { $0.severity == .error }.count
        // Unknown keys were reported before `errorsBefore`; of the fields, only the version may be wrong provisionally.
        let versionErrors = versionText != nil && version == nil ? 1 : 0
        guard errorsAfter == errorsBefore || (provisionally && errorsAfter - errorsBefore == versionErrors),
              let format, let id, let namespace, let title,
              let shownVersion = version ?? (provisionally ? SemanticVersion(0, 0, 0) : nil)
        else { return nil }
        var manifest = PackManifest(
            format: format, id: id, namespace: namespace, version: shownVersion, title: title,
            description: reader.string(fields["description"], what: "'description'"),
            license: reader.string(fields["license"], what: "'license'"),
            authors: reader.strings(fields["authors"], what: "'authors'"),
            disclaimer: reader.string(fields["disclaimer"], what: "'disclaimer'"),
            sources: sources, dependencies: dependencies, conflicts: conflicts, upstream: upstream, dataFiles: dataFiles,
            location: reader.location(of: root)
        )
        manifest.imports = imports
        manifest.namespaceLocation = fields["namespace"].map { reader.location(of: $0) }
        manifest.idLocation = fields["id"].map { reader.location(of: $0) }
        manifest.priors = readPriors(fields["priors"], namespace: namespace, reader: &reader)
        return (manifest, version == manifest.version)
    }

    private static func readImports(
        _ node: Node?, sources: [PackManifest.SourceDocument], files: PackFiles, reader: inout YAMLReader
    ) -> [PackManifest.Import] {
        reader.items(node, what: "'imports'").compactMap { item in
            guard let fields = reader.fields(of: item, allowed: ["format", "path", "source"], what: "an import"),
                  let formatNode = reader.required("format", in: fields, of: item, what: "an import"),
                  let format = reader.string(formatNode, what: "'format'"),
                  let path = reader.string(reader.required("path", in: fields, of: item, what: "an import"), what: "'path'")
            else { return nil }
            guard ImporterRegistry.importer(for: format) != nil else {
                let known = ImporterRegistry.all.map { $0.format }
                reader.error(.unknownImportFormat, "unknown import format '\(format)'; known: " + known.joined(separator: ", "),
                             at: formatNode, suggestions: Array(Spelling.closest(to: format, among: known).prefix(1)))
                return nil
            }
            var resolved = path
            if !path.hasPrefix("/"), case let .directory(folder) = files.origin { resolved = folder + "/" + path }
            let kind = ImportPathKind(of: resolved)
            if kind == .missing, let pathNode = fields["path"] {
                reader.error(.fileNotFound, "no file at '\(resolved)'", at: pathNode)
                return nil
            }
            if let problem = kind.problem, let pathNode = fields["path"] {
                reader.error(.fileUnreadable, "'\(resolved)' \(problem)", at: pathNode)
                return nil
            }
            var source = reader.string(fields["source"], what: "'source'")
            if source == nil, sources.count == 1 { source = sources[0].id }
            guard let source else {
                reader.error(.unknownSource, "an import needs a 'source' declared under 'sources'", at: item)
                return nil
            }
            if !sources.contains(where: { $0.id == source }), let sourceNode = fields["source"] {
                reader.error(.unknownSource, "source '\(source)' is not declared in pack.yaml", at: sourceNode)
                return nil
            }
            return PackManifest.Import(format: format, path: path, resolvedPath: resolved, source: source,
                                       location: reader.location(of: item))
        }
    }

    /// Warns about the files of the folder a load leaves aside although a curator may have meant
    /// them as data: a file whose name does not end in `.yaml` or `.yml` that no import names
    /// (`data.txt`, `entities.yaml.txt`), and, when `listed` gives the manifest's `data` list, a
    /// YAML file left out of it.
    private static func warnAboutUnread(
        _ files: PackFiles, listed: [String]?, imports: [PackManifest.Import], reader: inout YAMLReader
    ) {
        let imported = Set(imports.map { URL(fileURLWithPath: $0.resolvedPath).standardizedFileURL.path })
        for file in files.unread {
            if case let .directory(folder) = files.origin,
               imported.contains(URL(fileURLWithPath: folder + "/" + file).standardizedFileURL.path) { continue }
            // The name it would be read under, in its folder; none when that name is taken.
            let name = file.split(separator: "/").last.map(String.init) ?? file
            var stem = file
            if let dot = name.lastIndex(of: "."), dot > name.startIndex { stem = String(file.dropLast(name.distance(from: dot, to: name.endIndex))) }
            let renamed = stem.hasSuffix(".yaml") || stem.hasSuffix(".yml") ? stem : stem + ".yaml"
            let hint = files.files[renamed] != nil ? "" : " (to read it, name it '\(renamed)')"
            reader.diagnostics.append(.warning(.fileNotRead,
                "'\(file)' is not read: a pack's data files end in .yaml or .yml\(hint)",
                at: SourceLocation(file: files.displayPath(file), line: 1, column: 1)))
        }
        guard let listed else { return }
        for file in files.files.keys.sorted()
        where !["pack.yaml", "tests.yaml"].contains(file) && !listed.contains(file) && PackFiles.mayHoldData(file) {
            reader.diagnostics.append(.warning(.fileNotRead,
                "'\(file)' is not read: pack.yaml lists its data files under 'data', and not this one",
                at: SourceLocation(file: files.displayPath(file), line: 1, column: 1)))
        }
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private static func readSources(_ node: Node?, reader: inout YAMLReader) -> [PackManifest.SourceDocument] {
        var sources: [PackManifest.SourceDocument] = []
        for item in reader.items(node, what: "'sources'") {
            guard let fields = reader.fields(
                of: item, allowed: ["id", "title", "citation", "locators"], what: "a source")
            else { continue }
            guard let id = reader.string(reader.required("id", in: fields, of: item, what: "a source"), what: "a source id"),
                  let title = reader.string(reader.required("title", in: fields, of: item, what: "a source"), what: "a source title")
            else { continue }
            // Kept when refused, so that what cites it is not reported too.
            if let node = fields["id"] {
                _ = DataFileReader.isIdentifier(id, at: node, described: "source id", because: "exports cite it in IRIs and CURIEs",
                                                reader: &reader)
            }
            if sources.contains(where: { $0.id == id }) { reader.error(.duplicateSource, "source '\(id)' is declared twice", at: item) }
            sources.append(.init(
                id: id, title: title, citation: reader.string(fields["citation"], what: "'citation'"),
                locatorScheme: reader.string(fields["locators"], what: "'locators'"), location: reader.location(of: item)))
        }
        return sources
    }

    /// `priors: [{disease: OMIM:126200, prior: 0.002}, …]`: each a probability above 0, at most 1.
    private static func readPriors(_ node: Node?, namespace: String, reader: inout YAMLReader) -> [PackManifest.Prior] {
        reader.items(node, what: "'priors'").compactMap { item in
            guard let fields = reader.fields(of: item, allowed: ["disease", "prior"], what: "a prior"),
                  let disease = reader.string(reader.required("disease", in: fields, of: item, what: "a prior"), what: "'disease'"),
                  let text = reader.string(reader.required("prior", in: fields, of: item, what: "a prior"), what: "'prior'")
            else { return nil }
            guard let value = Double(text), value > 0, value <= 1 else {
                reader.error(.manifestInvalid, "prior '\(text)' is not a probability above 0 and at most 1", at: fields["prior"] ?? item)
                return nil
            }
            let id = disease.contains(":") ? disease : namespace + ":" + disease
            return PackManifest.Prior(disease: id, probability: value, location: reader.location(of: item))
        }
    }

    private static func readUpstream(_ node: Node?, reader: inout YAMLReader) -> [PackManifest.Upstream] {
        reader.items(node, what: "'upstream'").compactMap { item in
            guard let fields = reader.fields(of: item, allowed: ["name", "version", "url"], what: "an upstream release"),
                  let name = reader.string(reader.required("name", in: fields, of: item, what: "an upstream release"), what: "'name'"),
                  let version = reader.string(reader.required("version", in: fields, of: item, what: "an upstream release"), what: "'version'")
            else { return nil }
            return PackManifest.Upstream(name: name, version: version, url: reader.string(fields["url"], what: "'url'"))
        }
    }

    private static func readDependencies(_ node: Node?, what: String, reader: inout YAMLReader) -> [PackManifest.Dependency] {
        guard let node else { return [] }
        guard case let .mapping(mapping) = node else {
            reader.error(.manifestInvalid, "'\(what)' must map pack ids to version ranges, e.g. 'core: ^1.0.0'", at: node)
            return []
        }
        var dependencies: [PackManifest.Dependency] = []
        for (key, value) in mapping {
            guard let id = reader.string(key, what: "a dependency id"),
                  let text = reader.string(value, what: "the version range of '\(key.string ?? "")'")
            else { continue }
            guard let range = VersionRange(text) else {
                reader.error(.manifestInvalid, "'\(text)' is not a version range (examples: ^1.0.0, >=1.2.0 <2.0.0, 1.0.0, *)", at: value)
                continue
            }
            dependencies.append(.init(id: id, versions: range, location: reader.location(of: key)))
        }
        return dependencies
    }
}
