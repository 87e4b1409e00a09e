import Foundation
import SymptomQuery

/// Reading and writing phenopacket files.
enum PhenopacketFile {
    /// Writes a phenopacket atomically: to a temporary file beside the target, then renamed over it.
    static func write(_ packet: Phenopacket, to path: String) throws {
        var data = packet.encoded()
        data.append(contentsOf: Array("\n".utf8))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The phenopacket files a path names: the file itself, or a folder's `*.json` files, sorted.
    static func paths(_ path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return [path] }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}
