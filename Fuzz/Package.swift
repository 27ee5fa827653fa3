// swift-tools-version: 6.0
// libFuzzer targets for Meyasu's parsers: run on demand with Fuzz/run.sh, never in CI.
// Build (Linux): swift build --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name (main, wt-fuzz, a clone's name…), so the
// product is looked up under whatever the parent folder is called.
let meyasu = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

func fuzzTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport", .product(name: "Meyasu", package: meyasu)]
    )
}

let package = Package(
    name: "MeyasuFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver", .product(name: "Meyasu", package: meyasu)]),
        fuzzTarget("FuzzDecoder"),
        fuzzTarget("FuzzCSV"),
        fuzzTarget("FuzzProfile"),
        fuzzTarget("FuzzNormalizer"),
        fuzzTarget("FuzzScrubber"),
    ],
    swiftLanguageModes: [.v6]
)
