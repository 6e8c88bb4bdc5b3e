// swift-tools-version: 6.0
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The CPU the encoder's element-wise kernels (softmax, GELU, LayerNorm: SIMD16 code) are
/// compiled for. Swift has no `-march=native`, and for the baseline x86-64 it splits each
/// SIMD16 into four SSE registers; so on an x86-64 Linux host with AVX-512 (or AVX2 and FMA)
/// the TinyTransformer target is built for that host, as llama.cpp does by default — which
/// made those kernels about twice as fast here. `PAPERDIGEST_PORTABLE=1 swift build` builds
/// for any x86-64 instead, for a binary meant to run on other machines.
func hostTargetCPU() -> String? {
    #if arch(x86_64) && os(Linux)
        guard Context.environment["PAPERDIGEST_PORTABLE"] == nil,
            let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return nil }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl"]) { return "skylake-avx512" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "haswell" }
    #endif
    return nil
}

let hostCPU = hostTargetCPU()

/// Tells the portable targets which CPU the encoder was compiled for, so a binary copied to a
/// CPU without those features stops with one clear line instead of SIGILL (`EncoderCPU`).
let encoderCPUDefine: [SwiftSetting] = hostCPU.map {
    [.define($0 == "skylake-avx512" ? "PAPERDIGEST_ENCODER_AVX512" : "PAPERDIGEST_ENCODER_AVX2")]
} ?? []

let encoderSettings = swiftSettings + (hostCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? [])

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
            swiftSettings: encoderSettings),
        .target(
            name: "PaperDigest",
            dependencies: [
                "TinyTransformer", "CLibXML2", "CCurl",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings + encoderCPUDefine),

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
