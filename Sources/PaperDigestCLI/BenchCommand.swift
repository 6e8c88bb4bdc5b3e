import ArgumentParser
import Foundation
import PaperDigest

/// `paperdigest bench …`: measure a step on a file, for the scripts under Benchmarks/.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast a step runs (use a release build).",
        subcommands: [Parse.self]
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
}
