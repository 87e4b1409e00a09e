// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for symkb's readers of untrusted input. Build and run them with
// `scripts/fuzz [TARGET|all] [SECONDS]` (it builds with --sanitize=fuzzer --sanitize=address).
// A separate package, so the main package's builds and tests never carry sanitizer flags.
let targets = [
    "FuzzQueryParser", "FuzzPackReader", "FuzzOBOParser", "FuzzHPOAParser", "FuzzSnapshotDecoder", "FuzzScriptSplitter",
]

let package = Package(
    name: "symkb-fuzz",
    dependencies: [.package(name: "symkb", path: "..")],
    targets: targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "SymptomGraph", package: "symkb"),
                .product(name: "KnowledgePacks", package: "symkb"),
                .product(name: "SymptomQuery", package: "symkb"),
            ],
            path: "Sources/\(name)")
    }
)
