/// Where an assertion comes from: the pack, the source document, and the place in it.
public struct Provenance: Hashable, Sendable {
    /// The id of the pack that made the assertion.
    public var pack: String
    /// The id of the source, as declared in the pack's manifest.
    public var source: String
    /// The place in the source, e.g. `p2.s3` (paragraph 2, sentence 3).
    public var locator: String?

    /// Creates a provenance record.
    public init(pack: String, source: String, locator: String? = nil) {
        self.pack = pack
        self.source = source
        self.locator = locator
    }
}
