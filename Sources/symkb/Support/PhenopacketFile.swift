import Foundation
import SymptomQuery

/// Reading and writing phenopacket files.
enum PhenopacketFile {
    /// Writes a phenopacket as every file symkb writes (``ReplacedFile``): whole or not at all.
    static func write(_ packet: Phenopacket, to path: String) throws {
        var data = packet.encoded()
        data.append(contentsOf: Array("\n".utf8))
        let file = try ReplacedFile(path: path)
        do {
            try file.handle.write(contentsOf: data)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
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
