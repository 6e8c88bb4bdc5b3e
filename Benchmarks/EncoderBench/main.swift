// The release runner of Benchmarks/encoder.sh: compiled by that script together with
// Sources/TinyTransformer (swiftc -O -wmo), so it needs no other package target. It only
// wires arguments to `EncoderBenchmark`; `paperdigest bench encoder` does the same.
//
//   encoder-bench --model DIR --texts TEXTS.jsonl [--threads 1,2] [--rounds 3] [--batch-tokens N]
//                 [--json OUT] [--vectors OUT.f32 [--only-vectors yes]]
import Foundation

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let key = arguments.popFirst() {
    guard key.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: encoder-bench --model DIR --texts FILE [--threads 1,2]\n".utf8))
        exit(2)
    }
    options[String(key.dropFirst(2))] = value
}
guard let model = options["model"], let textsPath = options["texts"] else {
    FileHandle.standardError.write(Data("encoder-bench: --model and --texts are required\n".utf8))
    exit(2)
}
do {
    let decoder = JSONDecoder()
    let texts = try Data(contentsOf: URL(fileURLWithPath: textsPath)).split(separator: 0x0A)
        .map { try decoder.decode(String.self, from: Data($0)) }
    let threads = (options["threads"] ?? "1,2").split(separator: ",").compactMap { Int($0) }
    let benchmark = EncoderBenchmark(
        directory: URL(fileURLWithPath: model), texts: texts, threadCounts: threads,
        rounds: Int(options["rounds"] ?? "3") ?? 3,
        batchTokens: Int(options["batch-tokens"] ?? "") ?? SentenceEncoder.defaultBatchTokens)
    if options["only-vectors"] == nil {
        let report = try benchmark.run { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
        print(report)
        if let json = options["json"] {
            try Data((report.json + "\n").utf8).write(to: URL(fileURLWithPath: json))
        }
    }
    if let vectors = options["vectors"] {
        // The embeddings as raw little-endian float32, for the parity check against the peer.
        let encoder = try SentenceEncoder(directory: URL(fileURLWithPath: model), threads: 2)
        let flat = encoder.embed(texts).flatMap { $0 }
        try flat.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: vectors))
    }
} catch {
    FileHandle.standardError.write(Data("encoder-bench: \(error)\n".utf8))
    exit(1)
}
