// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Meyasu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "meyasu", targets: ["meyasu"]),
        .library(name: "Meyasu", targets: ["Meyasu"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "5.0.1"),
        // The portal. Hummingbird's swift-configuration trait is left off: the portal reads
        // meyasu.yaml like every other command.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        // Hummingbird's own; the portal's tests name it for an event loop group of one thread.
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
    ],
    targets: [
        // The only place that includes ICU headers; its public header uses plain C types.
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        .target(
            name: "Meyasu",
            dependencies: [
                "CICU",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The starter configuration and the synthetic exports, shipped as resources
        // so that `meyasu init` and `meyasu demo` work from any folder.
        .target(
            name: "MeyasuSamples",
            path: "samples",
            exclude: ["README.md", "labelled"],
            resources: [
                .copy("meyasu.yaml"),
                .copy("forms"),
                .copy("organization.yaml"),
                .copy("indicators.yaml"),
                .copy("exports"),
                .copy("routing"),
            ]
        ),
        // The web portal: routes, accounts, sessions, templates. It calls the same library code
        // as the command line; only the mapping to HTTP statuses lives here.
        .target(
            name: "MeyasuServer",
            dependencies: [
                "Meyasu",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        .executableTarget(
            name: "meyasu",
            dependencies: [
                "Meyasu",
                "MeyasuServer",
                "MeyasuSamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Times the workflow's queries in process for Benchmarks/workflow_queries.sh.
        .executableTarget(
            name: "meyasu-bench",
            dependencies: ["Meyasu", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "CICUTests", dependencies: ["CICU"]),
        .testTarget(name: "MeyasuTests", dependencies: ["Meyasu", "MeyasuSamples"]),
        .testTarget(name: "MeyasuCLITests", dependencies: ["meyasu", "Meyasu", "MeyasuSamples"]),
        .testTarget(
            name: "MeyasuServerTests",
            dependencies: [
                "MeyasuServer", "Meyasu", "MeyasuSamples",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
