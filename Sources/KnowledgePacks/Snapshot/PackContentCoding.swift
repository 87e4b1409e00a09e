import Foundation
import SymptomGraph

/// Packs already read, as bytes: what a build embeds of the bundled packs, so that a start
/// decodes them instead of parsing their YAML.
///
/// Reading the three bundled packs' 22 KB of YAML is ~26 M instructions at every start of symkb
/// (Yams builds a node tree, then the readers walk it); decoding the same contents from these
/// bytes is a few hundred thousand. The encoding holds every field of each ``PackContent``, so a
/// decoded pack equals the read one (a test holds the two together for the bundled packs).
///
/// Each pack's encoding carries a digest of the files it was read from, and is used only for
/// those files: the YAML is read instead for any other, and when the bytes do not decode.
package enum PackContentCoding {
    /// The first bytes of an encoding, with the format's version.
    static let magic = Array("SYMKB-PACKS-5\n".utf8)

    /// Packs read from `files`, each with the files it was read from.
    package static func encode(_ packs: [(files: PackFiles, content: PackContent)]) -> [UInt8] {
        var writer = BinaryWriter()
        for byte in magic { writer.write(byte) }
        writer.write(UInt32(packs.count))
        for pack in packs {
            writer.write(pack.files.displayRoot)
            writer.write(digest(of: pack.files))
            writer.write(pack.content)
        }
        return writer.bytes
    }

    /// The content ``encode(_:)`` wrote for each of `packs`, or `nil` for a pack it holds no
    /// content of (not shown under the same folder, or read from other files).
    package static func contents(in bytes: UnsafeRawBufferPointer, for packs: [PackFiles]) throws(SnapshotError) -> [PackContent?] {
        var reader = BinaryReader(bytes)
        guard bytes.count >= magic.count, try reader.bytes(magic.count).elementsEqual(magic) else {
            throw .incompatible("not an encoding of packs")
        }
        var encoded: [String: (digest: UInt64, content: PackContent)] = [:]
        for _ in 0..<(try reader.count(minimumBytesEach: 12)) {
            let displayRoot = try reader.string(), digest = try reader.uint64()
            encoded[displayRoot] = (digest, try reader.content())
        }
        guard reader.isAtEnd else { throw .corrupt("bytes left after the packs at byte \(reader.offset)") }
        return packs.map { files in
            encoded[files.displayRoot].flatMap { $0.digest == digest(of: files) ? $0.content : nil }
        }
    }

    /// A digest of a pack's file names and texts.
    static func digest(of files: PackFiles) -> UInt64 {
        var digest = StableDigest()
        for (name, text) in files.files.sorted(by: { $0.key < $1.key }) {
            digest.add(name)
            digest.add(text)
        }
        return digest.value
    }
}

// MARK: - Writing

extension BinaryWriter {
    fileprivate mutating func write(_ value: Int) { write(Int64(value)) }

    fileprivate mutating func write<Element>(_ items: [Element], _ each: (inout BinaryWriter, Element) -> Void) {
        write(UInt32(items.count))
        for item in items { each(&self, item) }
    }

    fileprivate mutating func write(_ location: SourceLocation?) {
        guard let location else { return write(false) }
        write(true)
        write(location.file)
        write(location.line)
        write(location.column)
        write(location.length)
    }

    fileprivate mutating func write(_ location: SourceLocation) { write(Optional(location)) }

    fileprivate mutating func write(_ version: SemanticVersion) {
        write(version.major)
        write(version.minor)
        write(version.patch)
        write(version.prerelease)
        write(version.build)
    }

    fileprivate mutating func write(_ content: PackContent) {
        write(content.manifest)
        switch content.origin {
        case .bundled: write(UInt8(0))
        case let .directory(path): write(UInt8(1)); write(path)
        }
        write(content.kinds) { writer, record in
            let kind = record.kind
            writer.write(kind.name)
            writer.write(kind.label)
            writer.write(kind.parent)
            writer.write(kind.description)
            writer.write(kind.pack)
            writer.write(record.location)
        }
        write(content.relations) { writer, record in
            let relation = record.relation
            writer.write(relation.name)
            writer.write(relation.inverseName)
            writer.write(relation.label)
            writer.write(relation.inverseLabel)
            writer.write(relation.isTransitive)
            writer.write(relation.isSymmetric)
            writer.write(relation.relationOntologyID)
            writer.write(relation.biolinkID)
            writer.write(relation.domain)
            writer.write(relation.range)
            writer.write(relation.description)
            writer.write(relation.pack)
            writer.write(record.location)
        }
        write(content.entities) { writer, record in
            let entity = record.entity
            writer.write(entity.id)
            writer.write(entity.kind)
            writer.write(entity.label)
            writer.write(entity.synonyms)
            writer.write(entity.definition)
            writer.write(entity.xrefs)
            writer.write(entity.pack)
            writer.write(entity.mappings)
            writer.write(entity.plainLabel)
            writer.write(entity.synonymForms) { writer, form in
                writer.write(form.scope.rawValue)
                writer.write(form.type)
            }
            writer.write(entity.altIDs)
            writer.write(entity.definitionXrefs)
            writer.write(record.location)
            writer.write(record.kindLocation)
            writer.write(record.xrefLocations) { writer, location in writer.write(location) }
        }
        write(content.extensions) { writer, record in
            writer.write(record.id)
            writer.write(record.synonyms)
            writer.write(record.xrefs)
            writer.write(record.mappings)
            writer.write(record.definition)
            writer.write(record.source)
            writer.write(record.locator)
            writer.write(record.location)
            writer.write(record.xrefLocations) { writer, location in writer.write(location) }
        }
        write(content.assertions) { writer, record in
            writer.write(record.subject)
            writer.write(record.relation)
            writer.write(record.relationLocation)
            writer.write(record.objects) { writer, object in writer.write(object) }
            let qualifiers = record.qualifiers
            writer.write(qualifiers.certainty?.rawValue)
            writer.write(qualifiers.frequency)
            writer.write(qualifiers.severity)
            writer.write(qualifiers.onset)
            writer.write(qualifiers.isNegated)
            writer.write(qualifiers.context)
            writer.write(record.source)
            writer.write(record.sourceLocation)
            writer.write(record.locator)
            writer.write(record.location)
        }
        write(content.tests) { writer, test in
            writer.write(test.query)
            writer.write(test.expectations) { writer, expectation in
                switch expectation {
                case let .contains(names): writer.write(UInt8(0)); writer.write(names)
                case let .equals(names): writer.write(UInt8(1)); writer.write(names)
                case let .excludes(names): writer.write(UInt8(2)); writer.write(names)
                case .empty: writer.write(UInt8(3))
                case .answered: writer.write(UInt8(5))
                case let .error(text): writer.write(UInt8(4)); writer.write(text)
                }
            }
            writer.write(test.location)
            writer.write(test.expectationLocations) { writer, location in writer.write(location) }
            writer.write(test.nameLocations) { writer, names in writer.write(names) { writer, location in writer.write(location) } }
        }
        write(content.files)
    }

    fileprivate mutating func write(_ mappings: [EntityMapping]) {
        write(mappings) { writer, mapping in
            writer.write(mapping.predicate.rawValue)
            writer.write(mapping.target)
        }
    }

    fileprivate mutating func write(_ reference: EntityReference) {
        write(reference.id)
        write(reference.location)
    }

    fileprivate mutating func write(_ manifest: PackManifest) {
        write(manifest.format)
        write(manifest.id)
        write(manifest.namespace)
        write(manifest.version)
        write(manifest.title)
        write(manifest.description)
        write(manifest.license)
        write(manifest.authors)
        write(manifest.disclaimer)
        write(manifest.sources) { writer, source in
            writer.write(source.id)
            writer.write(source.title)
            writer.write(source.citation)
            writer.write(source.locatorScheme)
            writer.write(source.location)
        }
        for dependencies in [manifest.dependencies, manifest.conflicts] {
            write(dependencies) { writer, dependency in
                writer.write(dependency.id)
                writer.write(dependency.versions.text)
                writer.write(dependency.location)
            }
        }
        write(manifest.upstream) { writer, upstream in
            writer.write(upstream.name)
            writer.write(upstream.version)
            writer.write(upstream.url)
        }
        write(manifest.dataFiles)
        write(manifest.imports) { writer, item in
            writer.write(item.format)
            writer.write(item.path)
            writer.write(item.resolvedPath)
            writer.write(item.source)
            writer.write(item.location)
        }
        write(manifest.priors) { writer, prior in
            writer.write(prior.disease)
            writer.write(prior.probability.bitPattern)
            writer.write(prior.location)
        }
        write(manifest.location)
        write(manifest.namespaceLocation)
        write(manifest.idLocation)
    }
}

// MARK: - Reading

extension BinaryReader {
    fileprivate mutating func int() throws(SnapshotError) -> Int {
        let value = try int64()
        guard let int = Int(exactly: value) else { throw .corrupt("a number out of range at byte \(offset - 8)") }
        return int
    }

    /// `count` items, each read by `each`; every item takes at least one byte.
    fileprivate mutating func items<Element>(_ each: (inout BinaryReader) throws(SnapshotError) -> Element) throws(SnapshotError) -> [Element] {
        let count = try count(minimumBytesEach: 1)
        var items: [Element] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try each(&self)) }
        return items
    }

    fileprivate mutating func optionalLocation() throws(SnapshotError) -> SourceLocation? {
        guard try bool() else { return nil }
        return SourceLocation(file: try string(), line: try int(), column: try int(), length: try int())
    }

    fileprivate mutating func location() throws(SnapshotError) -> SourceLocation {
        guard let location = try optionalLocation() else { throw .corrupt("missing location at byte \(offset - 1)") }
        return location
    }

    fileprivate mutating func version() throws(SnapshotError) -> SemanticVersion {
        SemanticVersion(try int(), try int(), try int(), prerelease: try strings(), build: try optionalString())
    }

    fileprivate mutating func tag<Value: RawRepresentable<String>>(_ type: Value.Type) throws(SnapshotError) -> Value {
        let text = try string()
        guard let value = Value(rawValue: text) else { throw .corrupt("unknown \(type) '\(text)' at byte \(offset)") }
        return value
    }

    fileprivate mutating func content() throws(SnapshotError) -> PackContent {
        let manifest = try manifest()
        let origin: PackFiles.Origin
        switch try uint8() {
        case 0: origin = .bundled
        case 1: origin = .directory(try string())
        case let other: throw .corrupt("unknown origin \(other) at byte \(offset - 1)")
        }
        var content = PackContent(manifest: manifest, origin: origin)
        content.kinds = try items { reader throws(SnapshotError) in
            var kind = EntityKind(name: try reader.string(), pack: "")
            kind.label = try reader.string()
            kind.parent = try reader.optionalString()
            kind.description = try reader.optionalString()
            kind.pack = try reader.string()
            return KindRecord(kind: kind, location: try reader.location())
        }
        content.relations = try items { reader throws(SnapshotError) in
            var relation = RelationType(name: try reader.string(), pack: "")
            relation.inverseName = try reader.optionalString()
            relation.label = try reader.string()
            relation.inverseLabel = try reader.optionalString()
            relation.isTransitive = try reader.bool()
            relation.isSymmetric = try reader.bool()
            relation.relationOntologyID = try reader.optionalString()
            relation.biolinkID = try reader.optionalString()
            relation.domain = try reader.strings()
            relation.range = try reader.strings()
            relation.description = try reader.optionalString()
            relation.pack = try reader.string()
            return RelationRecord(relation: relation, location: try reader.location())
        }
        content.entities = try items { reader throws(SnapshotError) in
            var entity = Entity(id: try reader.string(), kind: try reader.string(), label: try reader.string(), pack: "")
            entity.synonyms = try reader.strings()
            entity.definition = try reader.optionalString()
            entity.xrefs = try reader.strings()
            entity.pack = try reader.string()
            entity.mappings = try reader.mappings()
            entity.plainLabel = try reader.optionalString()
            entity.synonymForms = try reader.items { reader throws(SnapshotError) in
                SynonymForm(try reader.tag(SynonymForm.Scope.self), type: try reader.optionalString())
            }
            entity.altIDs = try reader.strings()
            entity.definitionXrefs = try reader.strings()
            let location = try reader.location(), kindLocation = try reader.location()
            let xrefLocations = try reader.items { reader throws(SnapshotError) in try reader.location() }
            return EntityRecord(entity: entity, location: location, kindLocation: kindLocation, xrefLocations: xrefLocations)
        }
        content.extensions = try items { reader throws(SnapshotError) in
            ExtensionRecord(
                id: try reader.string(), synonyms: try reader.strings(), xrefs: try reader.strings(),
                mappings: try reader.mappings(), definition: try reader.optionalString(), source: try reader.optionalString(),
                locator: try reader.optionalString(), location: try reader.location(),
                xrefLocations: try reader.items { reader throws(SnapshotError) in try reader.location() })
        }
        content.assertions = try items { reader throws(SnapshotError) in
            let subject = try reader.reference()
            let relation = try reader.string(), relationLocation = try reader.location()
            let objects = try reader.items { reader throws(SnapshotError) in try reader.reference() }
            var certainty: Certainty?
            if let text = try reader.optionalString() {
                guard let value = Certainty(rawValue: text) else { throw .corrupt("unknown certainty '\(text)'") }
                certainty = value
            }
            let qualifiers = Qualifiers(
                certainty: certainty, frequency: try reader.optionalString(), severity: try reader.optionalString(),
                onset: try reader.optionalString(), isNegated: try reader.bool(), context: try reader.optionalString())
            return AssertionRecord(
                subject: subject, relation: relation, relationLocation: relationLocation, objects: objects,
                qualifiers: qualifiers, source: try reader.optionalString(), sourceLocation: try reader.optionalLocation(),
                locator: try reader.optionalString(), location: try reader.location())
        }
        content.tests = try items { reader throws(SnapshotError) in
            let query = try reader.string()
            let expectations = try reader.items { reader throws(SnapshotError) -> PackTestCase.Expectation in
                switch try reader.uint8() {
                case 0: .contains(try reader.strings())
                case 1: .equals(try reader.strings())
                case 2: .excludes(try reader.strings())
                case 3: .empty
                case 4: .error(try reader.string())
                case 5: .answered
                case let other: throw .corrupt("unknown expectation \(other)")
                }
            }
            let location = try reader.location()
            let expectationLocations = try reader.items { reader throws(SnapshotError) in try reader.location() }
            let nameLocations = try reader.items { reader throws(SnapshotError) in
                try reader.items { reader throws(SnapshotError) in try reader.location() }
            }
            return PackTestCase(query: query, expectations: expectations, location: location,
                                expectationLocations: expectationLocations, nameLocations: nameLocations)
        }
        content.files = try strings()
        return content
    }

    fileprivate mutating func mappings() throws(SnapshotError) -> [EntityMapping] {
        try items { reader throws(SnapshotError) in
            EntityMapping(try reader.tag(EntityMapping.Predicate.self), try reader.string())
        }
    }

    fileprivate mutating func reference() throws(SnapshotError) -> EntityReference {
        EntityReference(id: try string(), location: try location())
    }

    fileprivate mutating func manifest() throws(SnapshotError) -> PackManifest {
        let format = try int(), id = try string(), namespace = try string(), version = try version()
        let title = try string(), description = try optionalString(), license = try optionalString()
        let authors = try strings(), disclaimer = try optionalString()
        let sources = try items { reader throws(SnapshotError) in
            PackManifest.SourceDocument(
                id: try reader.string(), title: try reader.string(), citation: try reader.optionalString(),
                locatorScheme: try reader.optionalString(), location: try reader.location())
        }
        var dependencyLists: [[PackManifest.Dependency]] = []
        for _ in 0..<2 {
            dependencyLists.append(try items { reader throws(SnapshotError) in
                let id = try reader.string(), text = try reader.string()
                guard let versions = VersionRange(text) else { throw .corrupt("bad version range '\(text)'") }
                return PackManifest.Dependency(id: id, versions: versions, location: try reader.location())
            })
        }
        let upstream = try items { reader throws(SnapshotError) in
            PackManifest.Upstream(name: try reader.string(), version: try reader.string(), url: try reader.optionalString())
        }
        let dataFiles = try strings()
        let imports = try items { reader throws(SnapshotError) in
            PackManifest.Import(
                format: try reader.string(), path: try reader.string(), resolvedPath: try reader.string(),
                source: try reader.string(), location: try reader.location())
        }
        let priors = try items { reader throws(SnapshotError) in
            PackManifest.Prior(
                disease: try reader.string(), probability: Double(bitPattern: try reader.uint64()), location: try reader.location())
        }
        var manifest = PackManifest(
            format: format, id: id, namespace: namespace, version: version, title: title, description: description,
            license: license, authors: authors, disclaimer: disclaimer, sources: sources,
            dependencies: dependencyLists[0], conflicts: dependencyLists[1], upstream: upstream, dataFiles: dataFiles,
            imports: imports, priors: priors, location: try location())
        manifest.namespaceLocation = try optionalLocation()
        manifest.idLocation = try optionalLocation()
        return manifest
    }
}
