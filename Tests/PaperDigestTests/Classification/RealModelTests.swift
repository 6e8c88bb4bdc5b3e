import Foundation
import Testing
@testable import PaperDigest

/// Tests with the real MiniLM encoder and the committed `Data/heads.json`. Without
/// `Models/all-MiniLM-L6-v2` they fail with a message naming `Scripts/install-model.sh`.
@Suite(.serialized) struct RealModelTests {
    static func realClassifier() throws -> Classifier {
        try shared.get()
    }

    private static let shared = Result<Classifier, any Error> {
        let embedder = try ClassificationFixtures.realEmbedder()
        return try Classifier(
            heads: try Heads.load(path: ClassificationFixtures.headsPath), taxonomy: try ClassificationFixtures.taxonomy(),
            embedder: embedder)
    }

    /// Real corpus papers by arXiv id, with whether they are in the field.
    static let papers: [(id: String, inField: Bool)] = [
        ("2505.11756", true),   // Feature Hedging: Correlated Features Break Narrow Sparse Autoencoders
        ("2602.12026", true),   // Protein Circuit Tracing via Cross-layer Transcoders
        ("2411.08790", true),   // Can sparse autoencoders be used to decompose and interpret steering vectors?
        ("2506.11381", false),  // A Variational Approach for Mitigating Entity Bias in Relation Extraction
        ("2510.06293", false),  // BlockGPT: Spatio-Temporal Modelling of Rainfall
    ]

    @Test func encoderGivesUnitVectorsOfLength384() async throws {
        let embedder = try await ClassificationFixtures.offPool { try ClassificationFixtures.realEmbedder() }
        let vectors = try await ClassificationFixtures.offPool {
            try embedder.embed(["Sparse autoencoders find features.", "Rainfall nowcasting with transformers."])
        }
        #expect(vectors.count == 2)
        for vector in vectors {
            #expect(vector.count == 384)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
        }
        #expect(embedder.modelID.hasPrefix("all-MiniLM-L6-v2"))
    }

    @Test func classifiesRealCorpusPapersInAndOutOfTheField() async throws {
        let classifier = try await ClassificationFixtures.offPool { try Self.realClassifier() }
        let labels = Self.papers.map { LabelFile.Label(arxivID: $0.id) }
        let (examples, missing) = try LabelFile.examples(for: labels, corpusPath: SharedFiles.corpus.path)
        #expect(missing.isEmpty)
        let results = try await ClassificationFixtures.offPool {
            try classifier.classify(examples.map { ClassifierInput(title: $0.title, abstract: $0.abstract) })
        }
        for (paper, result) in zip(Self.papers, results) {
            #expect(result.isInField == paper.inField, "\(paper.id): relevance \(result.relevance), tags \(result.tags.map(\.slug))")
            #expect((1...10).contains(result.score))
            let words = ExtractiveSummarizer.wordCount(result.summary)
            #expect(words > 0 && words <= 60, "\(paper.id): summary of \(words) words")
        }
        let hedging = results[0]
        #expect(hedging.tags.contains { $0.slug == "sparse-autoencoders" })
        #expect(hedging.explanation.neighbours.count == 3)
    }

    @Test func stdinClassificationWithTheRealModelHasTheDocumentedShape() async throws {
        let classifier = try await ClassificationFixtures.offPool { try Self.realClassifier() }
        let input = [
            #"{"title": "Activation steering for refusal", "abstract": "We add steering vectors to the residual stream of Llama-3 to control refusal. The method outperforms prompting."}"#,
            #"{"title": "A lab post", "summary": "We release an interpretability library for sparse autoencoders."}"#,
        ][...]
        let output = try await ClassificationFixtures.offPool { [input] in
            var lines = input
            var output: [String] = []
            try JSONLines.classify(readLine: { lines.popFirst() }, write: { output.append($0) }, classifier: classifier)
            return output
        }
        #expect(output.count == 2)
        for line in output {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["tags", "sentiment", "sentiment_probabilities", "score", "summary", "entities"])
        }
        #expect(output[0].contains("\"steering\""))
        #expect(output[0].contains("\"llama\""))
    }

    /// `--model-dir` chooses the encoder folder over the settings' `model:`, for every command.
    @Test func modelDirOptionChoosesTheEncoderFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("model-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("papers.sqlite").path
        let installed = try await BuiltExecutable.run(
            ["doctor", "--database", database, "--model-dir", ClassificationFixtures.modelPath])
        let modelLine = { (outcome: BuiltExecutable.Outcome) in
            outcome.standardOutput.split(separator: "\n").first { $0.contains("model:") }.map(String.init) ?? ""
        }
        #expect(modelLine(installed).hasPrefix("ok"))
        #expect(modelLine(installed).contains("all-MiniLM-L6-v2@"))
        #expect(modelLine(installed).contains(" at \(ClassificationFixtures.modelPath); "))
        #expect(modelLine(installed).hasSuffix(EncoderCPU.required.map { "built for \($0.name) CPUs" } ?? "portable kernels"))

        let absent = folder.appendingPathComponent("no-model").path
        let missing = try await BuiltExecutable.run(["doctor", "--database", database, "--model-dir", absent])
        #expect(missing.status == 1)
        #expect(modelLine(missing).hasPrefix("PROBLEM"))
        #expect(modelLine(missing).contains(absent))
        #expect(modelLine(missing).contains("Scripts/install-model.sh"))
    }

    @Test func missingModelIsOneLineNamingTheInstallScript() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-model-\(UUID().uuidString)").path
        #expect {
            _ = try Embedder.sentenceEncoder(directory: missing, threads: 1)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("Scripts/install-model.sh") && !text.contains("\n")
        }
    }
}
