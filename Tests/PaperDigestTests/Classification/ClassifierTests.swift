import Foundation
import Testing
@testable import PaperDigest

@Suite struct ClassifierTests {
    /// A classifier with heads trained on the synthetic examples and the hashing embedder,
    /// trained once for all tests.
    static func testClassifier() throws -> Classifier {
        try shared.get()
    }

    private static let shared = Result<Classifier, any Error> {
        let taxonomy = try ClassificationFixtures.taxonomy()
        let embedder = ClassificationFixtures.hashingEmbedder
        let examples = ClassificationFixtures.syntheticExamples()
        let trainer = HeadsTrainer(topics: taxonomy.topics)
        let heads = trainer.train(
            trainer.table(examples: examples, embeddings: try embedder.embed(examples.map(\.text))), modelID: embedder.modelID)
        return try Classifier(heads: heads, taxonomy: taxonomy, embedder: embedder)
    }

    @Test func classifiesATextWithEverythingAndWhy() async throws {
        let classifier = try await ClassificationFixtures.offPool { try ClassifierTests.testClassifier() }
        let result = try classifier.classify(ClassifierInput(
            title: "Sparse autoencoders in GPT-2",
            abstract: "Sparse autoencoders recover monosemantic features from the residual stream of a language model. We propose a new method that outperforms prior work. Work by Anthropic."))
        #expect(result.tags.first?.slug == Topic.fieldSlug)
        #expect(result.relevance >= 0.5)
        #expect(result.isInField)
        #expect(result.tags.allSatisfy { (0...1).contains($0.confidence) })
        #expect((1...10).contains(result.score))
        #expect(abs(result.sentimentProbabilities.values.reduce(0, +) - 1) < 0.01)
        #expect(result.entities.contains("gpt-2") && result.entities.contains("anthropic"))
        #expect(!result.summary.isEmpty)
        #expect(result.explanation.phrases.contains { $0.phrase == "sparse autoencoders" && $0.kind == .strong })
        #expect(result.explanation.neighbours.count == 3)
        #expect(result.explanation.heads.contains { $0.head == "score" })
        #expect(result.explanation.heads.contains { $0.head == "tag:\(Topic.fieldSlug)" })
        #expect(result.explanation.rules.contains { $0.hasPrefix("\(Topic.fieldSlug): strong phrase") })
        #expect(result.headsVersion == classifier.heads.version)
    }

    @Test func subTopicsNeedTheField() async throws {
        let classifier = try await ClassificationFixtures.offPool { try ClassifierTests.testClassifier() }
        let result = try classifier.classify(ClassifierInput(
            title: "Federated learning for keyboards",
            abstract: "Federated learning with differential privacy for mobile keyboards. We propose a new method that outperforms prior work."))
        #expect(result.tags.isEmpty)
        #expect(result.relevance < 0.5)
    }

    @Test func aPostWhoseSummaryRepeatsItsTitleGetsNoSummary() async throws {
        let classifier = try await ClassificationFixtures.offPool { try ClassifierTests.testClassifier() }
        let title = "Tracing the thoughts of a large language model"
        let repeated = try classifier.classify(ClassifierInput(title: title, abstract: title))
        let section = try classifier.classify(ClassifierInput(title: title, abstract: "Fundamental Research"))
        #expect(repeated.summary == "")
        #expect(section.summary == "")
    }

    @Test func stdinProtocolGivesOneObjectPerLine() async throws {
        let classifier = try await ClassificationFixtures.offPool { try ClassifierTests.testClassifier() }
        var input = [
            #"{"title": "Steering vectors", "abstract": "Steering vectors added to activations control refusal. We propose a new method."}"#,
            #"{"title": "A post", "summary": "Linear probes on hidden states decode truth."}"#,
            "not json",
            #"{"text": "wrong keys"}"#,
        ][...]
        var output: [String] = []
        try JSONLines.classify(readLine: { input.popFirst() }, write: { output.append($0) }, classifier: classifier, batchSize: 3)
        #expect(output.count == 4)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(output[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["tags", "sentiment", "sentiment_probabilities", "score", "summary", "entities"])
        let tags = try #require(first["tags"] as? [[String: Any]])
        #expect(tags.allSatisfy { $0["slug"] is String && $0["confidence"] is Double })
        #expect(["bullish", "neutral", "bearish"].contains(first["sentiment"] as? String ?? ""))
        #expect((first["sentiment_probabilities"] as? [String: Double])?.count == 3)
        #expect(first["score"] is Int)
        #expect(first["entities"] is [String])
        #expect(output[2].contains("\"error\""))
        #expect(output[3].contains("\"error\""))
    }

    @Test func embedProtocolGivesVectorsOfTheEncodersLength() async throws {
        var input = [#"{"text": "sparse autoencoders"}"#, #"{"text": ""}"#, "[1]"][...]
        var output: [String] = []
        try JSONLines.embed(readLine: { input.popFirst() }, write: { output.append($0) }, embedder: ClassificationFixtures.hashingEmbedder)
        #expect(output.count == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output[0].utf8)) as? [String: [Double]])
        #expect(object["embedding"]?.count == 384)
        #expect(output[2].contains("\"error\""))
    }
}
