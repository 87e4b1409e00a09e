import Foundation
import Testing
import TestSupport
@testable import SymkbShell

@Suite struct HistoryFileTests {
    @Test func roundTripsEntriesWithNewlinesAndBackslashes() throws {
        let path = try SymkbProcess.temporaryDirectory().appendingPathComponent("deep/state/history").path
        let file = HistoryFile(path: path)
        #expect(file.load().isEmpty)
        let entries = ["symptoms of ms spasms", "conditions with a,\nb", #"describe "a\"b""#]
        try file.save(entries)
        #expect(file.load() == entries)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func keepsOnlyTheNewestEntries() throws {
        let path = try SymkbProcess.temporaryDirectory().appendingPathComponent("history").path
        let file = HistoryFile(path: path)
        try file.save((1...2500).map { "query \($0)" })
        let loaded = file.load()
        #expect(loaded.count == HistoryFile.limit)
        #expect(loaded.first == "query 501" && loaded.last == "query 2500")
    }

    @Test func oneInvalidLineLosesOnlyItself() throws {
        let folder = try SymkbProcess.temporaryDirectory()
        let file = HistoryFile(path: folder.appendingPathComponent("history").path)
        var bytes = Array("#symkb-history v1\nsymptoms of ms\n".utf8)
        bytes += [0x62, 0x61, 0xFF, 0x64, 0x0A]  // "ba\xFFd": not UTF-8
        bytes += Array("what triggers tremor\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file.path))
        #expect(file.load() == ["symptoms of ms", "what triggers tremor"])
        try file.save(file.load() + ["course of ms"])
        #expect(file.load() == ["symptoms of ms", "what triggers tremor", "course of ms"])
    }

    @Test func locationFollowsTheEnvironment() {
        #expect(HistoryFile.location(environment: ["SYMKB_HISTORY": ""]) == nil)
        #expect(HistoryFile.location(environment: ["SYMKB_HISTORY": "/x/h"])?.path == "/x/h")
        #expect(HistoryFile.location(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])?.path == "/s/symkb/history")
        #expect(HistoryFile.location(environment: ["HOME": "/h"])?.path == "/h/.local/state/symkb/history")
    }
}
