import Foundation
import Testing
import TinyTransformer

/// Token ids against Hugging Face `tokenizers` (run by `Reference/reference.py`) on real
/// titles and abstracts and on hard strings: every id must agree.
@Suite struct TokenizerParityTests {
    @Test func tokenIDsAreIdenticalToHuggingFaceOnRealAndHardTexts() throws {
        let model = try TestEnvironment.requireModel()
        let tokenizer = try WordPieceTokenizer(vocabularyURL: model.appendingPathComponent("vocab.txt"))
        let texts = try TestTexts.corpus() + TestTexts.hard + TestTexts.fixtureCases().map(\.text)
        let expected = try TestEnvironment.runReference("tokenize", texts: texts, as: [Int32].self)

        let start = ContinuousClock.now
        let actual = texts.map(tokenizer.encode)
        let elapsed = ContinuousClock.now - start

        var mismatches: [Int] = []
        var tokens = 0
        for index in texts.indices {
            tokens += expected[index].count
            if actual[index] != expected[index] { mismatches.append(index) }
        }
        let identical = Double(texts.count - mismatches.count) / Double(texts.count) * 100
        print(
            "tokenizer parity: \(texts.count) texts, \(tokens) tokens, ids identical for "
                + "\(String(format: "%.3f", identical))% (\(mismatches.count) differ); Swift encoded them in \(elapsed)")
        for index in mismatches.prefix(5) {
            Issue.record(
                "text \(index) \(texts[index].debugDescription.prefix(200)): expected \(expected[index]), got \(actual[index])")
        }
        #expect(texts.count >= 10_000)
        #expect(mismatches.isEmpty)
    }
}
