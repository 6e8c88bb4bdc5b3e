import ArgumentParser
import Foundation
import TinyTransformer
import PaperDigest

/// `paperdigest bench encoder`: the sentence encoder's speed on a file of texts (see
/// Benchmarks/encoder.sh, which runs it and ONNX Runtime on the same texts in turn).
struct BenchEncoderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoder",
        abstract: "Embed texts at each thread count; print texts/s, share of the sgemm peak and peak memory.")

    @Option(help: ArgumentHelp("JSON lines, one JSON string (a text) per line.", valueName: "path"))
    var texts: String

    @Option(help: ArgumentHelp("The model folder (Scripts/install-model.sh installs it).", valueName: "path"))
    var model = "Models/all-MiniLM-L6-v2"

    @Option(help: "Thread counts to measure, comma-separated.")
    var threads = "1,2"

    @Option(help: "Rounds per thread count; the fastest counts.")
    var rounds = 3

    @Option(help: "Tokens packed into one forward pass.")
    var batchTokens = SentenceEncoder.defaultBatchTokens

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    @Option(help: ArgumentHelp(
        "Also write the texts' embeddings as raw little-endian Float32 (for a parity check against a peer).",
        valueName: "path"))
    var vectors: String?

    @Flag(help: "Only write --vectors; measure nothing.")
    var onlyVectors = false

    func run() async throws {
        let decoder = JSONDecoder()
        try EncoderCPU.check()
        let lines = try Data(contentsOf: URL(fileURLWithPath: texts)).split(separator: 0x0A)
        let benchmark = EncoderBenchmark(
            directory: URL(fileURLWithPath: model),
            texts: try lines.map { try decoder.decode(String.self, from: Data($0)) },
            threadCounts: threads.split(separator: ",").compactMap { Int($0) },
            rounds: rounds, batchTokens: batchTokens)
        if !onlyVectors {
            let report = try benchmark.run { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            print(json ? report.json : report.description)
        }
        if let vectors {
            let encoder = try SentenceEncoder(directory: URL(fileURLWithPath: model), threads: 2)
            let flat = encoder.embed(benchmark.texts).flatMap { $0 }
            try flat.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: vectors))
        }
    }
}
