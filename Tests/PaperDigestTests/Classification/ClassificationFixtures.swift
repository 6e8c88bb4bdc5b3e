import Foundation
@testable import PaperDigest

/// Shared pieces of the classification tests: the real taxonomy, a deterministic test
/// embedder, and the real encoder (which must be installed).
enum ClassificationFixtures {
    static var topicsPath: String { SharedFiles.packageRoot.appendingPathComponent("Feeds/topics.yml").path }
    static var entitiesPath: String { SharedFiles.packageRoot.appendingPathComponent("Feeds/entities.yml").path }
    static var headsPath: String { SharedFiles.packageRoot.appendingPathComponent("Data/heads.json").path }
    static var labelsPath: String { SharedFiles.packageRoot.appendingPathComponent("Data/labels.jsonl").path }
    static var modelPath: String { SharedFiles.packageRoot.appendingPathComponent("Models/all-MiniLM-L6-v2").path }

    static func taxonomy() throws -> Taxonomy {
        try Taxonomy.load(topicsPath: topicsPath, entitiesPath: entitiesPath)
    }

    /// A bag of hashed words (and word pairs) projected to 384 dimensions, L2-normalised:
    /// texts that share words are close, as with a real encoder, with no model to load.
    static let hashingEmbedder = Embedder(modelID: "test-hashing-384") { texts in
        texts.map(hashedVector)
    }

    static func hashedVector(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: 384)
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        func add(_ token: String, _ weight: Float) {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in token.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            vector[Int(hash % 384)] += (hash >> 63) == 0 ? weight : -weight
        }
        for (index, word) in words.enumerated() {
            add(word, 1)
            if index > 0 { add(words[index - 1] + " " + word, 0.5) }
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector.map { _ in 1 / Float(384).squareRoot() }
    }

    /// The MiniLM encoder of `Models/all-MiniLM-L6-v2`, loaded once for all tests.
    ///
    /// Throws with a message naming `Scripts/install-model.sh` when the model is missing:
    /// tests that need it fail, they do not skip.
    static func realEmbedder() throws -> Embedder {
        try RealModel.shared.get()
    }

    private enum RealModel {
        static let shared: Result<Embedder, any Error> = Result {
            guard FileManager.default.fileExists(atPath: modelPath + "/model.safetensors") else {
                throw PaperDigestError(
                    .model, "the encoder weights are not installed: run Scripts/install-model.sh", at: modelPath)
            }
            // One worker: the other suites run beside this one, some of them timing-sensitive.
            return try Embedder.sentenceEncoder(directory: modelPath, threads: 1)
        }
    }

    /// Runs CPU-heavy test work on a thread of its own, so it does not hold one of the few
    /// threads of the cooperative pool that the other (asynchronous, timing-sensitive)
    /// suites of the test run need.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// A few labelled examples about two clearly different subjects.
    static func syntheticExamples(count: Int = 60) -> [LabelledExample] {
        let field = [
            "Sparse autoencoders recover monosemantic features from the residual stream of a language model.",
            "We trace a circuit of attention heads with activation patching and find induction heads.",
            "Steering vectors added to activations control refusal in a chat model.",
            "Linear probes on hidden states decode the truth value of statements.",
        ]
        let outside = [
            "We propose a reinforcement learning method for robot locomotion that outperforms baselines.",
            "A new benchmark for retrieval augmented generation in clinical question answering.",
            "We improve image segmentation with a lightweight convolutional network on medical scans.",
            "Federated learning with differential privacy for mobile keyboards.",
        ]
        return (0..<count).map { index in
            let inField = index % 2 == 0
            let pool = inField ? field : outside
            let abstract = pool[index % pool.count] + " " + pool[(index / 2) % pool.count]
                + (index % 3 == 0 ? " We find that the attack fails and the models are vulnerable." : " We propose a new method that outperforms prior work.")
            return LabelledExample(
                id: "synthetic-\(index)", title: inField ? "Interpreting features \(index)" : "Applied learning \(index)",
                abstract: abstract,
                sentiment: index % 3 == 0 ? .bearish : .bullish,
                score: inField ? 6 : 2,
                tags: inField ? [Topic.fieldSlug, index % 4 == 0 ? "sparse-autoencoders" : "circuits"] : [])
        }
    }
}
