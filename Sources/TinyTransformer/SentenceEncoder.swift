import COpenBLAS
import Foundation

/// A sentence-embedding model loaded from a Hugging Face BERT folder: ``WordPieceTokenizer``
/// → BERT encoder → mean pooling → L2 normalisation, matrix products on OpenBLAS.
///
/// ```swift
/// let model = try SentenceEncoder(directory: URL(fileURLWithPath: "Models/all-MiniLM-L6-v2"), threads: 2)
/// let vectors = model.embed(["Sparse autoencoders find features", "Attention heads"])
/// ```
///
/// `embed(_:)` sorts the texts by length, packs similar lengths into batches with no
/// padding, and spreads them over `threads` worker threads, each running OpenBLAS on one
/// thread with its own reused buffers. Calls are serialised; the object is safe to share.
public final class SentenceEncoder: @unchecked Sendable {
    /// The tokenizer the model was trained with, truncating to `maxTokens`.
    public let tokenizer: WordPieceTokenizer
    /// The model's shape, from `config.json`.
    public let configuration: BertConfiguration
    /// Identifies the model that made an embedding: the folder name and a hash of
    /// `config.json` and the weights' size, such as `all-MiniLM-L6-v2@1a2b3c4d`.
    public let modelID: String
    /// The number of worker threads `embed(_:)` uses.
    public let threads: Int
    /// The folder the model was loaded from.
    public let directory: URL

    /// Tokens packed into one forward pass unless `init` is told otherwise.
    public static let defaultBatchTokens = 1024

    /// The length of every embedding (the model's hidden size, 384 for MiniLM).
    public var dimension: Int { configuration.hiddenSize }

    /// The most tokens of one batch; texts longer than the tokenizer allows never occur.
    let batchTokens: Int
    private let encoder: BertEncoder
    private let workspaces: [EncoderWorkspace]
    private let lock = NSLock()

    /// Loads a model folder holding `config.json`, `vocab.txt` and `model.safetensors`.
    /// - Parameters:
    ///   - directory: the folder, such as `Models/all-MiniLM-L6-v2` (installed by
    ///     `Scripts/install-model.sh`).
    ///   - threads: worker threads for `embed(_:)`, at least 1; each runs OpenBLAS on one
    ///     thread, which on this kind of machine beats one worker with several BLAS threads.
    ///   - maxTokens: the most tokens per text, `[CLS]` and `[SEP]` included; longer texts
    ///     are cut. At most the model's `max_position_embeddings`.
    ///   - batchTokens: the most tokens packed into one forward pass.
    /// - Throws: ``TinyTransformerError`` naming the missing or damaged file and the set-up
    ///   command.
    public init(
        directory: URL, threads: Int = 1, maxTokens: Int = 256, batchTokens: Int = SentenceEncoder.defaultBatchTokens
    ) throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TinyTransformerError(.missingFile, path: directory.path)
        }
        let configURL = directory.appendingPathComponent("config.json")
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        let configuration = try BertConfiguration(contentsOf: configURL)
        let tokenizer = try WordPieceTokenizer(
            vocabularyURL: directory.appendingPathComponent("vocab.txt"),
            maxTokens: min(maxTokens, configuration.maxPositions))
        guard tokenizer.vocabularySize <= configuration.vocabularySize else {
            throw TinyTransformerError(
                .unsupportedConfiguration(
                    "vocab.txt has \(tokenizer.vocabularySize) pieces, the model \(configuration.vocabularySize)"),
                path: directory.path)
        }
        let weights = try SafeTensors(contentsOf: weightsURL)
        self.encoder = try BertEncoder(configuration: configuration, weights: weights)
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.directory = directory
        self.threads = max(1, threads)
        self.batchTokens = max(batchTokens, tokenizer.maxTokens)
        self.workspaces = (0..<self.threads).map { _ in
            EncoderWorkspace(
                configuration: configuration, tokenCapacity: max(batchTokens, tokenizer.maxTokens),
                maxSequence: tokenizer.maxTokens)
        }
        self.modelID = Self.modelID(directory: directory, configURL: configURL, weights: weights)
        // Each worker runs OpenBLAS single-threaded; parallelism comes from the workers.
        openblas_set_num_threads(1)
    }

    /// Embeds texts: one unit-length vector of `dimension` floats per text, in order.
    /// - Parameter texts: any texts; each is tokenised and cut to `tokenizer.maxTokens`.
    public func embed(_ texts: [String]) -> [[Float]] {
        embed(tokenIDs: texts.map(tokenizer.encode))
    }

    /// Embeds one text.
    /// - Parameter text: any text.
    public func embed(_ text: String) -> [Float] {
        embed([text])[0]
    }

    /// Embeds texts already tokenised by ``tokenizer``.
    /// - Parameter tokenIDs: per text, `[CLS]`, pieces, `[SEP]`, at most `maxTokens` ids.
    public func embed(tokenIDs: [[Int32]]) -> [[Float]] {
        let h = dimension
        let batches = plan(tokenIDs)
        var flat = [Float](repeating: 0, count: tokenIDs.count * h)
        lock.lock()
        defer { lock.unlock() }
        flat.withUnsafeMutableBufferPointer { flat in
            let base = flat.baseAddress!
            let run = { (worker: Int) in
                var batchOutput = [Float](repeating: 0, count: self.batchTokens * h)
                for batch in batches[worker] {
                    let texts = batch.map { tokenIDs[$0] }
                    batchOutput.withUnsafeMutableBufferPointer { out in
                        self.encoder.embed(texts[...], workspace: self.workspaces[worker], into: out.baseAddress!)
                        for (row, index) in batch.enumerated() {
                            (base + index * h).update(from: out.baseAddress! + row * h, count: h)
                        }
                    }
                }
            }
            let active = batches.indices.filter { !batches[$0].isEmpty }
            if active.count <= 1 {
                if let only = active.first { run(only) }
            } else {
                nonisolated(unsafe) let run = run
                DispatchQueue.concurrentPerform(iterations: active.count) { run(active[$0]) }
            }
        }
        return (0..<tokenIDs.count).map { Array(flat[$0 * h..<($0 + 1) * h]) }
    }

    /// Splits texts into batches per worker: longest first, each text to the worker with
    /// the least work so far, then consecutive texts packed up to `batchTokens`.
    private func plan(_ tokenIDs: [[Int32]]) -> [[[Int]]] {
        let order = tokenIDs.indices.sorted { tokenIDs[$0].count > tokenIDs[$1].count }
        var assigned = [[Int]](repeating: [], count: threads)
        var load = [Double](repeating: 0, count: threads)
        for index in order {
            let worker = load.indices.min { load[$0] < load[$1] }!
            assigned[worker].append(index)
            load[worker] += configuration.matrixFLOPs(tokens: tokenIDs[index].count)
        }
        return assigned.map { indices in
            var batches: [[Int]] = []
            var current: [Int] = []
            var tokens = 0
            for index in indices {
                let count = tokenIDs[index].count
                if tokens + count > batchTokens, !current.isEmpty {
                    batches.append(current)
                    current = []
                    tokens = 0
                }
                current.append(index)
                tokens += count
            }
            if !current.isEmpty { batches.append(current) }
            return batches
        }
    }

    private static func modelID(directory: URL, configURL: URL, weights: SafeTensors) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        mix((try? Data(contentsOf: configURL)) ?? Data())
        let size = (try? FileManager.default.attributesOfItem(atPath: weights.url.path)[.size] as? NSNumber)?
            .int64Value ?? 0
        mix(String(size).utf8)
        let hex = String(hash >> 32, radix: 16)
        return directory.standardizedFileURL.lastPathComponent + "@" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
