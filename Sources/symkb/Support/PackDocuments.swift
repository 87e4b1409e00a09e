import Foundation
import KnowledgePacks

/// The JSON documents `pack list`, `pack info`, `pack check`, `pack test`, `pack compile` and
/// `pack import` print with `--format json` (one document per command; keys sorted, so output is
/// stable byte for byte but for the seconds a compile took).
enum PackDocuments {
    struct ListEntry: Encodable {
        var id: String?
        var version: String?
        var loaded: Bool
        var state: String
        var origin: String
        var title: String?
    }

    struct Info: Encodable {
        struct Source: Encodable {
            var id: String
            var title: String
            var citation: String?
            var locators: String?
            var citedBy: Int
        }
        var id: String
        var version: String
        var title: String
        var namespace: String
        var format: Int
        var origin: String
        var license: String?
        var authors: [String]
        var checksum: String
        var entities: Int
        var assertions: Int
        var kinds: Int
        var relations: Int
        var extensions: Int
        var tests: Int
        var files: [String]
        var imports: [String]
        var snapshot: String?
        var description: String?
        var disclaimer: String?
        var depends: [String: String]
        var conflicts: [String: String]
        var sources: [Source]
    }

    struct Check: Encodable {
        var packs: [String]
        var errors: Int
        var warnings: Int
        var diagnostics: [Diagnostic]
    }

    struct TestResult: Encodable {
        var pack: String
        var query: String
        /// "FILE:LINE:COLUMN", and each part as diagnostics give it.
        var location: String
        var file: String
        var line: Int
        var column: Int
        var passed: Bool
        var failures: [String]
        /// Set for a test that cannot pass whatever the packs answer (not run).
        var invalid: Bool?

        init(pack: String, query: String, at place: SourceLocation, passed: Bool, failures: [String], invalid: Bool?) {
            (self.pack, self.query, location) = (pack, query, "\(place)")
            (file, line, column) = (place.file, place.line, place.column)
            (self.passed, self.failures, self.invalid) = (passed, failures, invalid)
        }
    }

    struct Tests: Encodable {
        var passed: Int
        var failed: Int
        /// Tests not run: they cannot pass whatever the packs answer.
        var invalid: Int
        var tests: [TestResult]
        var diagnostics: [Diagnostic]
    }

    /// One compiled snapshot (`pack compile`, and `pack import` unless `--no-compile`).
    struct Compiled: Encodable {
        var pack: String
        /// The file written, as the command names it.
        var snapshot: String
        var entities: Int
        var assertions: Int
        var bytes: Int
        var seconds: Double

        /// The line the command prints as text (control characters escaped, with its newline).
        var line: String {
            TerminalText.escaped("compiled \(snapshot): \(Output.counted(entities, "entity", plural: "entities")), "
                + "\(Output.counted(assertions, "assertion")), "
                + String(format: "%.1f MB in %.2f s", Double(bytes) / 1_048_576, seconds)) + "\n"
        }
    }

    /// `pack compile`: the snapshots written, in the order of the folders named.
    struct Compile: Encodable {
        var compiled: [Compiled]
    }

    /// `pack import`: the pack written.
    struct Import: Encodable {
        var pack: String
        /// `--out` as given, without trailing slashes.
        var folder: String
        var manifest: String
        /// The imported files (absolute paths, as the manifest names them).
        var imports: [String]
        /// `null` with `--no-compile` (written, not left out).
        var compiled: Compiled?

        private enum CodingKeys: String, CodingKey { case pack, folder, manifest, imports, compiled }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(pack, forKey: .pack)
            try container.encode(folder, forKey: .folder)
            try container.encode(manifest, forKey: .manifest)
            try container.encode(imports, forKey: .imports)
            try container.encode(compiled, forKey: .compiled)
        }
    }

    /// Pretty, key-sorted JSON and a newline.
    /// One document: indented, or on one line (`--format jsonl`).
    static func text(_ value: some Encodable, oneLine: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = oneLine ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
