/// What `pack.yaml` says about a pack: identity, version, licence, sources and dependencies.
///
/// ```yaml
/// format: 1
/// id: multiple-sclerosis
/// namespace: ms
/// version: 1.0.0
/// title: Multiple sclerosis spasms
/// license: CC-BY-4.0
/// disclaimer: Not medical advice.
/// sources:
///   - id: article
///     title: Multiple sclerosis spasms
/// depends:
///   core: ^1.0.0
/// ```
public struct PackManifest: Sendable, Equatable {
    /// The newest pack format this version of symkb reads.
    public static let supportedFormat = 1

    /// Whether `id` can name a pack: lowercase letters, digits and dashes, starting with a letter
    /// (as the manifest reader checks `id:`).
    public static func isValidID(_ id: String) -> Bool { ManifestReader.isValidName(id) }

    /// The pack format version the pack is written in.
    public var format: Int
    /// The pack's id: lowercase letters, digits and dashes.
    public var id: String
    /// The prefix of the pack's entity ids (`ms` in `ms:lhermittes-sign`); defaults to the id.
    public var namespace: String
    /// The pack's version.
    public var version: SemanticVersion
    /// A one-line title.
    public var title: String
    /// What the pack holds.
    public var description: String?
    /// The licence of the pack's content (an SPDX id where possible).
    public var license: String?
    /// Who wrote it.
    public var authors: [String]
    /// The statement that the pack is not medical advice (required for packs with medical content).
    public var disclaimer: String?
    /// The documents the pack's assertions cite.
    public var sources: [SourceDocument]
    /// Packs this pack needs, with acceptable versions.
    public var dependencies: [Dependency]
    /// Packs that must not be loaded together with this one (versions in the range conflict).
    public var conflicts: [Dependency]
    /// The upstream releases the pack was built from (e.g. an HPO release).
    public var upstream: [Upstream]
    /// Data files, relative to the pack folder, in load order.
    public var dataFiles: [String]
    /// Files of other formats read by an importer (OBO, HPO annotations), in order.
    public var imports: [Import] = []
    /// Prior probabilities the pack states for diseases (`priors:`), for the likelihood-ratio ranker.
    public var priors: [Prior] = []

    /// A disease's prior probability, as a pack states it.
    public struct Prior: Sendable, Equatable {
        /// The disease's id (qualified with the pack's namespace when written without a prefix).
        public var disease: String
        /// The probability, above 0 and at most 1.
        public var probability: Double
        /// Where it was written.
        public var location: SourceLocation
    }
    /// Where the manifest was read from.
    public var location: SourceLocation
    /// Where `namespace:` is written, when it is (a clash is reported there).
    public var namespaceLocation: SourceLocation?
    /// Where the id is written (a pack given twice is reported there).
    public var idLocation: SourceLocation?

    /// A document cited by assertions.
    public struct SourceDocument: Sendable, Equatable {
        /// The id assertions cite it by.
        public var id: String
        /// Its title.
        public var title: String
        /// A full citation or URL.
        public var citation: String?
        /// How locators in this source are written, e.g. "pN.sM: paragraph N, sentence M".
        public var locatorScheme: String?
        /// Where it is declared.
        public var location: SourceLocation
    }

    /// A file of another format the pack imports.
    public struct Import: Sendable, Equatable {
        /// The importer's format name (`obo`, `hpoa`).
        public var format: String
        /// The path as written (relative to the pack folder, or absolute).
        public var path: String
        /// The path resolved against the pack folder.
        public var resolvedPath: String
        /// The source its assertions cite.
        public var source: String
        /// Where it is declared.
        public var location: SourceLocation
    }

    /// An upstream release the pack was built from.
    public struct Upstream: Sendable, Equatable {
        /// What it is, e.g. `hpo`.
        public var name: String
        /// Its version or release date, e.g. `2025-01-16`.
        public var version: String
        /// Where it comes from.
        public var url: String?
    }

    /// A dependency on (or conflict with) another pack.
    public struct Dependency: Sendable, Equatable {
        /// The other pack's id.
        public var id: String
        /// The versions accepted.
        public var versions: VersionRange
        /// Where it is declared.
        public var location: SourceLocation
    }
}
