import Testing
@testable import PaperDigest

@Suite struct PhraseMatcherTests {
    func matches(_ phrases: [String], in text: String, caseSensitive: Bool = false) -> [String] {
        let matcher = PhraseMatcher(phrases.map { PhraseMatcher.Pattern($0, caseSensitive: caseSensitive) })
        return matcher.matches(in: TokenizedText(text)).map { matcher.patterns[$0.pattern].phrase }
    }

    @Test func matchesOnWordBoundariesOnly() {
        #expect(matches(["SAE"], in: "We train an SAE on activations.") == ["SAE"])
        #expect(matches(["SAE"], in: "SAE-based steering (SAE) works") == ["SAE", "SAE"])
        #expect(matches(["SAE"], in: "Many SAEs and a BSAE") == [])
        #expect(matches(["probe"], in: "probed by ultrasound") == [])
    }

    @Test func ignoresCaseUnlessTheEntityAsksForIt() {
        #expect(matches(["sparse autoencoder"], in: "A Sparse Autoencoder for vision") == ["sparse autoencoder"])
        #expect(matches(["METR"], in: "the metr evaluation metric", caseSensitive: true) == [])
        #expect(matches(["METR"], in: "work by METR on evals", caseSensitive: true) == ["METR"])
    }

    @Test func matchesPunctuatedPhrasesAndOverlaps() {
        #expect(matches(["GPT-2"], in: "We study GPT-2 small.") == ["GPT-2"])
        #expect(matches(["GPT-2"], in: "GPT-20 is different") == [])
        #expect(matches(["cross-layer transcoder", "transcoder"], in: "a cross-layer transcoder") == ["cross-layer transcoder", "transcoder"])
        #expect(matches(["logit lens"], in: "the logit\nlens") == ["logit lens"])
    }

    @Test func countsEveryOccurrence() {
        let matcher = PhraseMatcher([.init("steering vector"), .init("probe")])
        let counts = matcher.counts(in: TokenizedText("A steering vector, another steering vector, and a probe."))
        #expect(counts == [2, 1])
    }

    @Test func negativePhraseVetoesTheStrongRule() throws {
        let topics = try ClassificationFixtures.taxonomy().topics
        let matcher = TopicMatcher(topics: topics)
        let field = try #require(topics.firstIndex { $0.slug == Topic.fieldSlug })
        let circuits = try #require(topics.firstIndex { $0.slug == "circuits" })

        let mi = matcher.hits(in: TokenizedText(title: "Sparse autoencoders in GPT-2", body: "We study features."))
        #expect(mi.verdict(field) == .strong)

        let quantum = matcher.hits(in: TokenizedText(title: "Quantum circuits", body: "Superposition of qubits in a quantum circuit."))
        #expect(quantum.verdict(field) == .vetoed)
        #expect(quantum.verdict(circuits) == .vetoed)

        let weakPair = matcher.hits(in: TokenizedText(title: "", body: "We ablate attention heads and read hidden states."))
        #expect(weakPair.verdict(field) == .weakPair)
        let weakOne = matcher.hits(in: TokenizedText(title: "", body: "Interpretability matters."))
        #expect(weakOne.verdict(field) == .weakOne)
        #expect(matcher.hits(in: TokenizedText("Protein folding with diffusion")).verdict(field) == .none)
    }

    @Test func aSubTopicsStrongPhraseIsAStrongPhraseOfTheField() throws {
        let topics = try ClassificationFixtures.taxonomy().topics
        let matcher = TopicMatcher(topics: topics)
        let field = try #require(topics.firstIndex { $0.slug == Topic.fieldSlug })
        let probing = try #require(topics.firstIndex { $0.slug == "probing" })
        // "linear representation hypothesis" is listed under probing only.
        let geometry = matcher.hits(in: TokenizedText(
            title: "Testing the linear representation hypothesis", body: "We measure directions in chat models."))
        #expect(geometry.verdict(probing) == .strong)
        #expect(geometry.verdict(field) == .strong)
        #expect(geometry.strongInTitle[field] == 1)
        // A phrase the field lists itself is counted once for it, not once per topic.
        let sae = matcher.hits(in: TokenizedText(title: "", body: "We train a sparse autoencoder."))
        #expect(sae.strong[field] == 1)
        // Targeted weight editing belongs to the field: one weak phrase.
        let editing = matcher.hits(in: TokenizedText(title: "", body: "Knowledge editing for multilingual models."))
        #expect(editing.verdict(field) == .weakOne)
    }

    @Test func explanationListsEachPhraseOnceWithItsCount() throws {
        let matcher = TopicMatcher(topics: try ClassificationFixtures.taxonomy().topics)
        let hits = matcher.hits(in: TokenizedText(title: "Logit lens", body: "The logit lens and the tuned lens."))
        let lens = hits.phrases.filter { $0.topic == "lenses" && $0.phrase == "logit lens" }
        #expect(lens.count == 1)
        #expect(lens.first?.count == 2)
        #expect(lens.first?.kind == .strong)
    }

    @Test func tagsEntitiesFromTheEntitiesFile() throws {
        let tagger = EntityTagger(entities: try ClassificationFixtures.taxonomy().entities)
        let text = TokenizedText(
            title: "Circuits in GPT-2 and Gemma 2",
            body: "Work by Anthropic and Google DeepMind; a metric from the METR report. Claude and claude-like models.")
        let tags = tagger.tags(in: text)
        #expect(tags.contains("gpt-2"))
        #expect(tags.contains("gemma"))
        #expect(tags.contains("anthropic"))
        #expect(tags.contains("google-deepmind"))
        #expect(tags.contains("metr"))
        #expect(tags.contains("claude"))
        #expect(!TokenizedText("a metric").tokens.isEmpty)
        #expect(tagger.tags(in: TokenizedText("we use a metric and meta-learning")) == [])
    }
}
