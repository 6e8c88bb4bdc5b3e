// swift-tools-version: 6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "PaperDigest",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "paperdigest", targets: ["PaperDigestCLI"]),
        .library(name: "PaperDigest", targets: ["PaperDigest"]),
        .library(name: "TinyTransformer", targets: ["TinyTransformer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),

        // MARK: - Libraries
        .target(
            name: "TinyTransformer",
            dependencies: ["COpenBLAS"],
            swiftSettings: swiftSettings),
        .target(
            name: "PaperDigest",
            dependencies: [
                "TinyTransformer", "CLibXML2", "CCurl",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),

        // MARK: - Executable
        .executableTarget(
            name: "PaperDigestCLI",
            dependencies: [
                "PaperDigest", "TinyTransformer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // MARK: - Tests
        .testTarget(
            name: "TinyTransformerTests",
            dependencies: ["TinyTransformer"],
            exclude: ["Reference"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PaperDigestTests",
            dependencies: [
                "PaperDigest",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Parsing/ConformanceKnownFailures.md"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
    ]
)
