// swift-tools-version: 6.1
import PackageDescription

// Dependency direction (never the other way):
//   SymptomGraph  <-  KnowledgePacks  <-  SymptomQuery  <-  SymkbShell  <-  symkb
//   SymptomGraph  <-  GraphExport  <-  SymptomQuery
// SymptomGraph uses only the standard library and Foundation.

// Release code reaches the metadata of each concrete generic type it uses through an accessor
// function, not by demangling the type's name at run time (the compiler's default, smaller):
// a cold `symkb query` demangled and instantiated hundreds of such types, each first lookup
// of a generic requirement's conformance a scan of the binary's 6,620 conformance records.
// The cost: SwiftPM refuses a package with unsafe flags as another package's versioned
// dependency. symkb is an executable first; its libraries serve its own targets and tools.
let fastStart: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))
]

let package = Package(
    name: "symkb",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "symkb", targets: ["symkb"]),
        .library(name: "SymptomGraph", targets: ["SymptomGraph"]),
        .library(name: "KnowledgePacks", targets: ["KnowledgePacks"]),
        .library(name: "SymptomQuery", targets: ["SymptomQuery"]),
        .library(name: "GraphExport", targets: ["GraphExport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "SymptomGraph", swiftSettings: fastStart),
        // Exports (RDF, KGX, Neo4j, OBO, CSV) and pictures (DOT, Mermaid, tree) of a graph.
        .target(name: "GraphExport", dependencies: ["SymptomGraph"], swiftSettings: fastStart),
        .target(
            name: "KnowledgePacks",
            dependencies: ["SymptomGraph", .product(name: "Yams", package: "Yams")],
            swiftSettings: fastStart
        ),
        .target(
            name: "SymptomQuery",
            dependencies: [
                "SymptomGraph", "KnowledgePacks", "GraphExport",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: fastStart
        ),
        .target(
            name: "SymkbShell",
            dependencies: [
                "SymptomGraph", "KnowledgePacks", "SymptomQuery",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: fastStart
        ),
        // libedit, the line editor of the REPL (Debian: libedit-dev).
        .systemLibrary(
            name: "CEditLine",
            path: "Sources/CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // prctl(2), for a compile's child process (DetachedTeardown).
        .systemLibrary(name: "CProcessControl", path: "Sources/CProcessControl"),
        // The packs shipped in Knowledge/, embedded into the binary at build time.
        .target(
            name: "BundledKnowledge",
            path: "Knowledge",
            plugins: ["EmbedKnowledge"]
        ),
        // Validates the packs and writes them as Swift; run by the EmbedKnowledge plugin at build time.
        .executableTarget(
            name: "KnowledgeEmbedder",
            dependencies: ["KnowledgePacks"],
            path: "Sources/KnowledgeEmbedder"
        ),
        .plugin(
            name: "EmbedKnowledge",
            capability: .buildTool(),
            dependencies: ["KnowledgeEmbedder"]
        ),
        .plugin(
            name: "ValidateKnowledge",
            capability: .command(
                intent: .custom(verb: "validate-knowledge", description: "Check and test the knowledge packs in Knowledge/")
            )
        ),
        .executableTarget(
            name: "symkb",
            dependencies: [
                "SymptomGraph", "KnowledgePacks", "SymptomQuery", "SymkbShell", "BundledKnowledge", "CEditLine", "CProcessControl", "GraphExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // A release binary at a fixed address (not position-independent): with the Swift runtime
            // and Foundation linked in (--static-swift-stdlib), a position-independent one makes the
            // dynamic loader apply 88,000 relocations at every start (~1.5 ms, ~2 MB of dirtied pages).
            swiftSettings: fastStart,
            linkerSettings: [.unsafeFlags(["-Xlinker", "-no-pie"], .when(platforms: [.linux], configuration: .release))]
        ),
        // Timings on the HPO release: swift run -c release symkb-bench [HPO_DIR]
        .executableTarget(
            name: "symkb-bench",
            dependencies: ["SymptomGraph", "KnowledgePacks", "SymptomQuery", "BundledKnowledge"]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["SymptomGraph", "KnowledgePacks", "SymptomQuery", "BundledKnowledge"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "SymptomGraphTests", dependencies: ["SymptomGraph"]),
        .testTarget(name: "GraphExportTests", dependencies: ["GraphExport", "TestSupport"]),
        .testTarget(name: "KnowledgePacksTests", dependencies: ["KnowledgePacks", "TestSupport"]),
        .testTarget(name: "SymptomQueryTests", dependencies: ["SymptomQuery", "TestSupport"]),
        .testTarget(name: "KnowledgeTests", dependencies: ["SymptomQuery", "TestSupport"]),
        .testTarget(name: "SymkbShellTests", dependencies: ["SymkbShell", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
