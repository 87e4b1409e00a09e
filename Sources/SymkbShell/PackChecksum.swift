import Crypto
import Foundation

/// The content checksum of a pack: SHA-256 over every file's relative path and text, in path order.
///
/// Two copies of a pack with the same checksum hold the same bytes, wherever they were found.
public enum PackChecksum {
    /// The hex SHA-256 of a pack's files.
    public static func compute(_ files: [String: String]) -> String {
        var hasher = SHA256()
        for path in files.keys.sorted() {
            hasher.update(data: Data(path.utf8))
            hasher.update(data: Data([0]))
            hasher.update(data: Data((files[path] ?? "").utf8))
            hasher.update(data: Data([0]))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
