import Foundation
import SymptomGraph

/// Reads a file of another format into the graph being assembled, as part of a pack.
///
/// A pack's manifest names such files under `imports` with a `format`; the importer registered for
/// that format adds their entities and assertions. Adding a format is one new type conforming to
/// this protocol, listed in ``ImporterRegistry``.
public protocol PackImporter: Sendable {
    /// The format name used in manifests (`obo`, `hpoa`).
    static var format: String { get }
    /// What the format is, for help and errors.
    static var summary: String { get }

    /// Reads and parses the file without a builder — a pack's imports are read side by side on
    /// the machine's cores — and returns what then adds its content to the builder, in the
    /// manifest's order. A file that cannot be read yields only its error.
    static func prepare(_ file: ImportedFile) -> PreparedImport
}

/// A file read and parsed, waiting to add its content to the graph being assembled.
public struct PreparedImport: Sendable {
    /// Adds the content; returns findings (errors stop the load).
    public let contribute: @Sendable (inout GraphBuilder) -> [Diagnostic]

    public init(_ contribute: @escaping @Sendable (inout GraphBuilder) -> [Diagnostic]) {
        self.contribute = contribute
    }
}

/// One file a pack imports, resolved.
public struct ImportedFile: Sendable {
    /// The absolute path.
    public var path: String
    /// The importing pack.
    public var pack: String
    /// The source id assertions from this file cite.
    public var source: String
    /// Where the manifest names the file.
    public var location: SourceLocation

    /// The file's bytes, or a located error.
    ///
    /// Read straight into the array (not through `Data`, which would hold a second copy of a
    /// 34 MB annotation file while it is converted).
    func bytes() -> Result<[UInt8], Diagnostic> {
        let failure = Diagnostic.error(.fileUnreadable, "cannot read '\(path)'", at: location)
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(failure) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(failure) }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            while initialized < size {
                let count = read(descriptor, buffer.baseAddress.map { $0 + initialized }, size - initialized)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                initialized += count
            }
            complete = initialized == size
        }
        guard complete else { return .failure(failure) }
        // Strict input: NUL bytes and invalid UTF-8 are located errors, never imported as text.
        // A leading byte-order mark is not text either.
        var text = bytes
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        if let problem = TextDecoding.firstProblem(in: text) {
            return .failure(.error(.textEncoding, problem.message, at: SourceLocation(file: path, line: problem.line, column: problem.column)))
        }
        return .success(text)
    }
}

/// The importers symkb knows, by format name.
public enum ImporterRegistry {
    /// Every importer.
    public static let all: [any PackImporter.Type] = [OBOImporter.self, HPOAImporter.self]

    /// The importer for a format.
    public static func importer(for format: String) -> (any PackImporter.Type)? {
        all.first { $0.format == format }
    }
}
