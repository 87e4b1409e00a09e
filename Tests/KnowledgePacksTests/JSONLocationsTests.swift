import Foundation
import KnowledgePacks
import Testing

/// A JSON document that does not decode is located: at the value of the coding path, or where
/// the text stops being JSON.
@Suite struct JSONLocationsTests {
    struct Feature: Decodable { var id: String; var label: String }
    struct Packet: Decodable { var id: String; var features: [Feature] }

    static let text = """
        {
          "id": "p1",
          "features": [
            {"id": "HP:1", "label": "one"},
            {"id": "HP:2", "label": 2}
          ]
        }
        """

    private func decodingError(_ text: String) -> DecodingError? {
        do { _ = try JSONDecoder().decode(Packet.self, from: Data(text.utf8)); return nil } catch { return error as? DecodingError }
    }

    @Test func aValueOfTheWrongTypeIsFoundByItsPath() throws {
        guard case let .typeMismatch(_, context)? = decodingError(Self.text) else { Issue.record("expected a type mismatch"); return }
        let location = try #require(JSONLocations.location(of: context.codingPath, in: Self.text, file: "p.json"))
        #expect((location.line, location.column) == (5, 29), "\(location)")
    }

    @Test func aMissingKeyIsLocatedAtItsObject() throws {
        let text = "{\"id\":\"p\",\"features\":[{\"id\":\"HP:1\"}]}"
        guard case let .keyNotFound(_, context)? = decodingError(text) else { Issue.record("expected a missing key"); return }
        let location = try #require(JSONLocations.location(of: context.codingPath, in: text, file: "p.json"))
        #expect((location.line, location.column) == (1, 23), "\(location)")
    }

    @Test func malformedTextIsLocatedWhereItStopsBeingJSON() {
        let location = JSONLocations.syntaxError(in: "{\"id\": \"p\",\n  \"features\": [1,, 2]}", file: "p.json")
        #expect(location.map { [$0.line, $0.column] } == [2, 18], "\(String(describing: location))")
        #expect(JSONLocations.syntaxError(in: Self.text, file: "p.json") == nil)
    }
}
