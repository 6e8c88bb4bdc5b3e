import Foundation
import Testing
import TinyTransformer

@Suite struct WordPieceTokenizerTests {
    /// A toy vocabulary: ids are line numbers.
    static let toy = try! WordPieceTokenizer(
        vocabulary: [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",  // 0...4
            "un", "##aff", "##able", "a", "##b",  // 5...9
            "cafe", ",", "!", "hello", "world",  // 10...14
            "中", "##a", "x", "##x", "$",  // 15...19
        ], maxTokens: 8)

    @Test func splitsWordsIntoLongestPiecesFirst() {
        #expect(Self.toy.encode("unaffable") == [2, 5, 6, 7, 3])
    }

    @Test func framesEveryEncodingWithClassifierAndSeparator() {
        #expect(Self.toy.encode("") == [2, 3])
        #expect(Self.toy.encode("   \n") == [2, 3])
    }

    @Test func givesWholeWordUnknownWhenAPieceIsMissing() {
        #expect(Self.toy.encode("unaffz hello") == [2, 1, 13, 3])
    }

    @Test func lowerCasesStripsAccentsAndSplitsPunctuation() {
        #expect(Self.toy.encode("CAFÉ, Hello!World") == [2, 10, 11, 13, 12, 14, 3])
        #expect(Self.toy.encode("Cafe\u{301}") == [2, 10, 3])
    }

    @Test func treatsEachCJKIdeographAsAWord() {
        #expect(Self.toy.encode("a中a") == [2, 8, 15, 8, 3])
    }

    @Test func removesControlAndInvisibleCharactersSoWordsMerge() {
        #expect(Self.toy.encode("a\u{200B}b") == [2, 8, 9, 3])
        #expect(Self.toy.encode("a\u{0}b") == [2, 8, 9, 3])
        #expect(Self.toy.encode("a\u{00A0}a") == [2, 8, 8, 3])
    }

    @Test func countsWordLengthInUnicodeScalars() {
        let hundred = String(repeating: "x", count: 100)
        #expect(Self.toy.encode(hundred).count == 8)  // pieces, cut to maxTokens
        #expect(Self.toy.encode(hundred + "x") == [2, 1, 3])
        #expect(Self.toy.encode(String(repeating: "x", count: 99) + "X").count == 8)
    }

    @Test func truncatesToMaxTokensIncludingSpecialTokens() {
        let ids = Self.toy.encode(String(repeating: "hello ", count: 20))
        #expect(ids == [2, 13, 13, 13, 13, 13, 13, 3])
    }

    @Test func matchesSpecialTokensVerbatimInTheRawText() {
        #expect(Self.toy.encode("a [MASK] b") == [2, 8, 4, 1, 3])
        #expect(Self.toy.encode("[mask]") == [2, 1, 1, 1, 3])
    }

    @Test func reportsAVocabularyWithoutSpecialTokens() {
        #expect(throws: TinyTransformerError.self) {
            try WordPieceTokenizer(vocabulary: ["a", "b"])
        }
    }

    @Test func reportsAMissingVocabularyFileWithTheSetupCommand() {
        let url = URL(fileURLWithPath: "/nonexistent/vocab.txt")
        do {
            _ = try WordPieceTokenizer(vocabularyURL: url)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("Scripts/install-model.sh"))
            #expect("\(error)".contains("/nonexistent/vocab.txt"))
        }
    }

    @Test func matchesTheSharedFixtureCases() throws {
        let model = try TestEnvironment.requireModel()
        let tokenizer = try WordPieceTokenizer(vocabularyURL: model.appendingPathComponent("vocab.txt"))
        let cases = try TestTexts.fixtureCases()
        #expect(cases.count == 26)
        for fixture in cases {
            #expect(tokenizer.encode(fixture.text) == fixture.ids, "case \(fixture.name)")
        }
    }
}
