import SymptomGraph

/// Everything one pack declares, read and shape-checked but not yet checked against other packs.
///
/// Every record keeps the location it was read from, so the loader can report cross-pack problems
/// (dangling references, duplicates) at the right line and column.
public struct PackContent: Sendable, Equatable {
    /// The manifest.
    public var manifest: PackManifest
    /// Where the files came from.
    public var origin: PackFiles.Origin
    /// Declared kinds.
    public var kinds: [KindRecord] = []
    /// Declared relation types.
    public var relations: [RelationRecord] = []
    /// Defined entities (ids already qualified with the namespace).
    public var entities: [EntityRecord] = []
    /// Additions to entities of other packs.
    public var extensions: [ExtensionRecord] = []
    /// Assertions (references already qualified).
    public var assertions: [AssertionRecord] = []
    /// The pack's tests, from `tests.yaml`.
    public var tests: [PackTestCase] = []
    /// The pack's file names, relative to its folder.
    public var files: [String] = []
    /// The ids of entities the reader refused (an id that is no slug, or outside the pack's
    /// namespace), reported where they are defined: a check that goes on with the rest of the
    /// pack does not report the references to them again.
    public var refusedIDs: Set<String> = []
    /// Whether a data file had errors, so that items of it were left out: what follows from
    /// their absence (a source no assertion cites) is not reported as a problem of its own.
    public var leftItemsOut = false

    /// The pack id.
    public var id: String { manifest.id }
}

/// A kind declaration and where it was read.
public struct KindRecord: Sendable, Equatable {
    public var kind: EntityKind
    public var location: SourceLocation
}

/// A relation type declaration and where it was read.
public struct RelationRecord: Sendable, Equatable {
    public var relation: RelationType
    public var location: SourceLocation
}

/// An entity definition and where it was read.
public struct EntityRecord: Sendable, Equatable {
    public var entity: Entity
    public var location: SourceLocation
    public var kindLocation: SourceLocation
    /// Where each of the entity's xrefs is written, in their order (empty when not known).
    public var xrefLocations: [SourceLocation] = []

    /// Where xref `index` is written; the entity's place when that is not known.
    func location(ofXref index: Int) -> SourceLocation { xrefLocations.location(at: index, or: location) }
}

/// Names, cross-references or a definition added to another pack's entity.
public struct ExtensionRecord: Sendable, Equatable {
    public var id: String
    public var synonyms: [String]
    public var xrefs: [String]
    /// Close, broad, narrow and related mappings (never merged).
    public var mappings: [EntityMapping] = []
    public var definition: String?
    /// The source that justifies the addition, if cited.
    public var source: String?
    /// Where in the source.
    public var locator: String?
    public var location: SourceLocation
    /// Where each xref is written, in their order (empty when not known).
    public var xrefLocations: [SourceLocation] = []

    /// Where xref `index` is written; the extension's place when that is not known.
    func location(ofXref index: Int) -> SourceLocation { xrefLocations.location(at: index, or: location) }
}

/// A reference to an entity in a data file, and where it was written.
public struct EntityReference: Sendable, Hashable {
    /// The qualified id.
    public var id: String
    /// Where it was written.
    public var location: SourceLocation
}

/// One assertion (or several sharing subject, relation and provenance) and where each part was read.
public struct AssertionRecord: Sendable, Equatable {
    public var subject: EntityReference
    public var relation: String
    public var relationLocation: SourceLocation
    public var objects: [EntityReference]
    public var qualifiers: Qualifiers
    public var source: String?
    public var sourceLocation: SourceLocation?
    public var locator: String?
    public var location: SourceLocation
}

/// One query of a pack's `tests.yaml` with what its answer must satisfy.
public struct PackTestCase: Sendable, Equatable {
    /// What the answer must satisfy. Entity expectations are ids or names, compared on the answer's first column.
    public enum Expectation: Sendable, Equatable {
        /// Every listed entity is in the answer.
        case contains([String])
        /// The answer is exactly these entities, in any order.
        case equals([String])
        /// None of the listed entities is in the answer.
        case excludes([String])
        /// The answer has no rows.
        case empty
        /// The answer has at least one row (`empty: false`).
        case answered
        /// The query fails with a message containing this text.
        case error(String)

        /// Whether this expects the query to fail.
        public var isError: Bool { if case .error = self { true } else { false } }
    }

    /// The query text.
    public var query: String
    /// What the answer must satisfy.
    public var expectations: [Expectation]
    /// Where the test is written.
    public var location: SourceLocation
    /// Where each expectation is written (its value), in the order of ``expectations``; a
    /// failed expectation is reported there.
    public var expectationLocations: [SourceLocation]
    /// Where each name of a list expectation (`contains`, `equals`, `excludes`) is written, in
    /// the order of ``expectations`` (empty for the others): a name that fails is reported there.
    public var nameLocations: [[SourceLocation]]

    public init(
        query: String, expectations: [Expectation], location: SourceLocation, expectationLocations: [SourceLocation] = [],
        nameLocations: [[SourceLocation]] = []
    ) {
        self.query = query
        self.expectations = expectations
        self.location = location
        self.expectationLocations = expectationLocations
        self.nameLocations = nameLocations
    }

    /// Where expectation `index` is written; the test's place when that is not known.
    public func location(ofExpectation index: Int) -> SourceLocation {
        expectationLocations.location(at: index, or: location)
    }

    /// Where name `name` of list expectation `index` is written; the expectation's place when
    /// that is not known.
    public func location(ofName name: Int, inExpectation index: Int) -> SourceLocation {
        let names = nameLocations.indices.contains(index) ? nameLocations[index] : []
        return names.location(at: name, or: location(ofExpectation: index))
    }
}
