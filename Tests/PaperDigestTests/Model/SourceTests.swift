import Testing
@testable import PaperDigest

@Suite struct SourceTests {
    @Test func slugJoinsWordsWithSingleHyphens() {
        #expect(Source.slug(for: "Google DeepMind") == "google-deepmind")
        #expect(Source.slug(for: "  arXiv – cs.AI ") == "arxiv-cs-ai")
        #expect(Source.slug(for: "—") == "source")
    }
}
