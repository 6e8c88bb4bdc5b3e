import Testing
@testable import PaperDigest

@Suite struct ExtractiveSummarizerTests {
    let abstract = """
        Large language models are widely deployed in many settings today. \
        We train sparse autoencoders on the residual stream of a small language model to find monosemantic features. \
        Sparse autoencoders on the residual stream find monosemantic features of a small language model. \
        Using activation patching we show that these features causally mediate refusal behaviour. \
        Our code is available at https://github.com/example/repo. \
        We hope this helps.
        """

    func summary(_ text: String, maxWords: Int = 60) -> (sentences: [String], summary: String) {
        let sentences = SentenceSplitter().split(text)
        let embeddings = sentences.map(ClassificationFixtures.hashedVector)
        let document = ClassificationFixtures.hashedVector(text)
        let summary = ExtractiveSummarizer(maxWords: maxWords).summarize(sentences: sentences, embeddings: embeddings, document: document)
        return (sentences, summary)
    }

    @Test func choosesTwoOrThreeWholeSentencesWithinSixtyWords() {
        let (sentences, text) = summary(abstract)
        #expect(ExtractiveSummarizer.wordCount(text) <= 60)
        let chosen = SentenceSplitter().split(text)
        #expect((2...3).contains(chosen.count))
        for sentence in chosen { #expect(sentences.contains(sentence)) }
        // In the text's order.
        let positions = chosen.compactMap { sentences.firstIndex(of: $0) }
        #expect(positions == positions.sorted())
    }

    @Test func skipsBoilerplateAndShortSentences() {
        let chosen = SentenceSplitter().split(summary(abstract).summary)
        #expect(!chosen.contains { $0.contains("github.com") })
        #expect(!chosen.contains("We hope this helps."))
    }

    @Test func doesNotSayTheSameThingTwice() {
        // Two sentences with the same embedding, central to the text, and a third one apart.
        let sentences = [
            "Sparse autoencoders find interpretable features in language models.",
            "Interpretable features in language models are found by sparse autoencoders.",
            "Activation patching shows that these features cause refusal.",
        ]
        let same: [Float] = [1, 0, 0]
        let other: [Float] = [0.6, 0.8, 0]
        let document: [Float] = [0.95, 0.31, 0]
        let text = ExtractiveSummarizer(maxSentences: 2).summarize(
            sentences: sentences, embeddings: [same, same, other], document: document)
        #expect(text == sentences[0] + " " + sentences[2])
    }

    @Test func prefersSentencesThatStandAlone() {
        let sentences = [
            "We propose a new probe for truthfulness in language models.",
            "Prior probes were trained on a single dataset only.",
            "These probes transfer across datasets and model sizes.",
            "Probes trained on our data transfer across datasets and model sizes.",
        ]
        let e: [[Float]] = [[1, 0, 0], [0, 1, 0], [0.6, 0, 0.8], [0.6, 0, 0.8]]
        let text = ExtractiveSummarizer(maxSentences: 2).summarize(sentences: sentences, embeddings: e, document: [0.8, 0, 0.6])
        #expect(text == sentences[0] + " " + sentences[3])
        #expect(ExtractiveSummarizer.leansOnPrevious("Moreover, it works."))
        #expect(!ExtractiveSummarizer.leansOnPrevious("Thermal models work."))
    }

    @Test func aShortTextIsItsOwnSummary() {
        #expect(summary("Our vision for an open science of model behaviour.").summary == "Our vision for an open science of model behaviour.")
        #expect(summary("").summary == "")
    }

    @Test func aFeedSummaryThatOnlyRepeatsTheTitleOrNamesASectionIsNone() {
        let summarizer = ExtractiveSummarizer()
        let title = "Tracing the thoughts of a large language model"
        #expect(!summarizer.saysMore("Tracing the Thoughts of a Large Language Model", than: title))
        #expect(!summarizer.saysMore("Fundamental Research", than: title))
        #expect(!summarizer.saysMore("Link post", than: title))
        #expect(!summarizer.saysMore("  ", than: title))
        #expect(summarizer.saysMore("We trace them.", than: title))
        #expect(summarizer.saysMore("Our vision for an open science of model behaviour", than: title))
    }

    @Test func cutsTheOnlyCentralSentenceWhenNothingFits() {
        let long = (0..<80).map { "word\($0)" }.joined(separator: " ") + "."
        let text = summary(long).summary
        #expect(ExtractiveSummarizer.wordCount(text) == 60)
        #expect(text.hasSuffix("…"))
    }
}

@Suite struct SummaryLaTeXTests {
    @Test func textFormattingIsUnwrappedAndMathKept() {
        #expect(ExtractiveSummarizer.plainLaTeX("challenges for model \\textit{safety} at 5\\% cost") == "challenges for model safety at 5% cost")
        #expect(ExtractiveSummarizer.plainLaTeX("we introduce \\textbf{Qwen3 SAE}, a suite") == "we introduce Qwen3 SAE, a suite")
        #expect(ExtractiveSummarizer.plainLaTeX("error $\\epsilon < 10^{-3}$ holds") == "error $\\epsilon < 10^{-3}$ holds")
        #expect(ExtractiveSummarizer.plainLaTeX("no latex here") == "no latex here")
    }
}
