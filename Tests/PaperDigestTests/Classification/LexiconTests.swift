import Foundation
import Testing
@testable import PaperDigest

@Suite struct LexiconTests {
    @Test func countsWordsAndPairsLikeScikitLearn() {
        // Lower-cased words of two or more characters; one-character words and punctuation
        // are dropped and do not break a pair (scikit-learn's `\b\w\w+\b` token pattern).
        let counts = Lexicon.termCounts(TokenizedText(title: "Jailbreak GPT-2 models.", body: "A jailbreak, in-context."))
        #expect(counts["jailbreak"] == 2)
        #expect(counts["gpt"] == 1)
        #expect(counts["2"] == nil)
        #expect(counts["a"] == nil)
        #expect(counts["jailbreak gpt"] == 1)
        #expect(counts["gpt models"] == 1)
        #expect(counts["models jailbreak"] == 1)
        #expect(counts["in context"] == 1)
        #expect(counts.count == 10)
    }

    @Test func vocabularyKeepsTermsOfEnoughTextsWithSmoothIDF() {
        let documents: [[String: Int]] = [["attack": 2, "we": 1], ["attack": 1, "survey": 1], ["we": 1, "survey": 1]]
        let vocabulary = Lexicon.vocabulary(of: documents, minimumDocuments: 2)
        #expect(vocabulary.terms == ["attack", "survey", "we"])
        // ln((1 + 3) / (1 + 2)) + 1 for each (every term is in two of three texts).
        for idf in vocabulary.idf { #expect(abs(Double(idf) - (log(4.0 / 3.0) + 1)) < 1e-6) }
    }

    @Test func vectorsAreSublinearTFIDFOfUnitLength() {
        let lexicon = Lexicon(terms: ["attack", "survey", "we"], idf: [1, 2, 1], weights: [:])
        let vector = lexicon.vector(["attack": 3, "survey": 1, "unknown": 5])
        #expect(vector.indices == [0, 1])
        let attack = 1 + log(3.0), survey = 2.0
        let norm = (attack * attack + survey * survey).squareRoot()
        #expect(abs(vector.values[0] - attack / norm) < 1e-12)
        #expect(abs(vector.values[1] - survey / norm) < 1e-12)
        #expect(lexicon.vector(["unknown": 1]) == .empty)
    }

    @Test func scoresOnlyTheHeadsThatReadWords() {
        let lexicon = Lexicon(
            terms: ["attack", "survey"], idf: [1, 1], weights: ["sentiment:bearish": [2, -1], "tag:mechanistic-interpretability": [0, 0]])
        let vector = SparseVector(indices: [0, 1], values: [0.6, 0.8])
        #expect(abs(lexicon.score(vector, head: "sentiment:bearish") - 0.4) < 1e-12)
        #expect(lexicon.score(vector, head: "sentiment:bullish") == 0)
        #expect(lexicon.contributions(vector, head: "sentiment:bearish").map(\.term) == ["attack", "survey"])
    }

    @Test func roundTripsThroughTheHeadsFileExactly() throws {
        let lexicon = Lexicon(
            terms: ["attack", "we survey", "ünïcode"], idf: [1.5, 2.25, 3.125],
            weights: ["sentiment:bullish": [0.1, -0.2, 0.3]]
        ).quantized()
        let data = try JSONEncoder().encode(lexicon)
        let back = try JSONDecoder().decode(Lexicon.self, from: data)
        #expect(back == lexicon)
        #expect(back.vector(["we survey": 1]) == lexicon.vector(["we survey": 1]))
    }

    @Test func refusesALexiconWhoseLengthsDisagree() throws {
        let json = #"{"terms": "a\nb", "idf": "AACAPw==", "weights": {}}"#  // one idf for two terms
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Lexicon.self, from: Data(json.utf8)) }
    }

    @Test func theSparseBlockIsFittedWithTheDenseOne() {
        // Two classes told apart only by a word: the dense column is noise.
        let x = Matrix(rows: 4, columns: 1, values: [0.1, -0.1, 0.1, -0.1])
        let words = [
            SparseVector(indices: [0], values: [1]), SparseVector(indices: [1], values: [1]),
            SparseVector(indices: [0], values: [1]), SparseVector(indices: [1], values: [1]),
        ]
        let model = SoftmaxRegression.fit(
            x, labels: [0, 1, 0, 1], classes: 2, l2: 1, sparse: words, sparseWidth: 2, sparseL2: 1e-3)
        #expect(model.weights[0].count == 3)
        // Class 0's word weighs for class 0, class 1's for class 1.
        #expect(model.weights[0][1] - model.weights[1][1] > 1)
        #expect(model.weights[1][2] - model.weights[0][2] > 1)
    }
}
