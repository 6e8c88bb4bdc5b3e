import ArgumentParser
import Foundation
import PaperDigest

/// `paperdigest bench …`: measure a step on a file, for the scripts under Benchmarks/.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast a step runs (use a release build).",
        subcommands: [Parse.self, Ingest.self, BenchEncoderCommand.self, BenchRenderCommand.self]
    )

    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse a feed file several times and print the throughput.")

        @Argument(help: "The feed document to parse.")
        var file: String

        @Option(name: .customLong("runs"), help: "How many times to parse it.")
        var runs = 5

        func run() async throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let report = try ParseBenchmark(runs: runs).measure(data)
            print(report)
        }
    }

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse a feed file and store every entry into a fresh database; print items/s and peak memory.")

        @Argument(help: "The feed document to ingest.")
        var file: String

        @Option(help: ArgumentHelp("Folder for the temporary database.", valueName: "path"))
        var folder: String = FileManager.default.temporaryDirectory.path

        func run() async throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            print(try IngestBenchmark().measure(data, folder: URL(fileURLWithPath: folder)))
        }
    }
}
