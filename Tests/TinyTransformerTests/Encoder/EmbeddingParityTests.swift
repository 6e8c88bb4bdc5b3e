import Foundation
import Testing
import TinyTransformer

/// Embeddings against a float32 numpy forward pass of the same weights (run by
/// `Reference/reference.py`): cosine ≥ 0.99999 and max |Δ| ≤ 1e-4 for every text.
@Suite struct EmbeddingParityTests {
    @Test func embeddingsMatchTheNumpyReference() throws {
        let encoder = try TestEnvironment.encoder()
        let corpus = try TestTexts.corpus(arxivRecords: 400)
        // Abstracts, then titles and lab-post summaries, then the hard strings: ≥ 500 texts
        // that a debug build still embeds in about a minute.
        var texts = Array(corpus.filter { $0.count > 600 }.prefix(150))
        texts += corpus.filter { $0.count <= 600 }.prefix(350)
        texts += TestTexts.hard
        let expected = try TestEnvironment.runReference("embed", texts: texts, as: [Double].self)

        let start = ContinuousClock.now
        let actual = encoder.embed(texts)
        let elapsed = ContinuousClock.now - start

        var minCosine = 1.0
        var maxDelta = 0.0
        var worst = 0
        for index in texts.indices {
            var dot = 0.0
            var norm = 0.0
            for (a, e) in zip(actual[index], expected[index]) {
                dot += Double(a) * e
                norm += Double(a) * Double(a)
                maxDelta = max(maxDelta, abs(Double(a) - e))
            }
            let cosine = dot / norm.squareRoot()
            if cosine < minCosine {
                minCosine = cosine
                worst = index
            }
        }
        let tokens = texts.reduce(0) { $0 + encoder.tokenizer.encode($1).count }
        print(
            "embedding parity: \(texts.count) texts (\(tokens) tokens), min cosine "
                + "\(String(format: "%.9f", minCosine)) (text \(worst)), max |Δ| \(maxDelta); Swift took \(elapsed)")
        #expect(texts.count >= 500)
        #expect(minCosine >= 0.99999)
        #expect(maxDelta <= 1e-4)
    }
}
