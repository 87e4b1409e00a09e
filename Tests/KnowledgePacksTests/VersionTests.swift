import KnowledgePacks
import Testing

@Suite struct VersionTests {
    @Test func parsesAndOrdersSemanticVersions() throws {
        let release = try #require(SemanticVersion("1.2.3"))
        #expect(release.description == "1.2.3")
        #expect(try #require(SemanticVersion("1.2.3-rc.1")) < release)
        #expect(try #require(SemanticVersion("1.2.3-alpha")) < #require(SemanticVersion("1.2.3-beta")))
        #expect(try #require(SemanticVersion("1.10.0")) > release)
        #expect(SemanticVersion("1.2.3+build") == release)
        for bad in ["1.2", "01.2.3", "1.2.x", "", "1.2.3-"] { #expect(SemanticVersion(bad) == nil, "\(bad)") }
    }

    @Test(arguments: [
        ("^1.2.0", "1.9.9", true), ("^1.2.0", "2.0.0", false), ("^0.3.0", "0.4.0", false),
        ("~1.2.0", "1.2.9", true), ("~1.2.0", "1.3.0", false), (">=1.0.0 <2.0.0", "1.5.0", true),
        ("1.0.0", "1.0.1", false), ("*", "9.9.9", true), ("<=1.0.0", "1.0.0", true),
    ])
    func rangesAcceptTheirVersions(range: String, version: String, accepted: Bool) throws {
        let parsed = try #require(VersionRange(range))
        #expect(parsed.contains(try #require(SemanticVersion(version))) == accepted)
    }

    @Test func rejectsMalformedRanges() {
        #expect(VersionRange(">=one") == nil)
        #expect(VersionRange("") == nil)
    }
}
