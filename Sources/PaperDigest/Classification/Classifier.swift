import Foundation

/// Reads a paper or post: embedding → heads (topic tags with the phrase rules, sentiment,
/// score), an extractive summary, entity tags, and the explanation of it all.
public struct Classifier: Sendable {
    public let heads: Heads
    public let taxonomy: Taxonomy
    public let embedder: Embedder
    let extractor: FeatureExtractor
    let entityTagger: EntityTagger
    let splitter: SentenceSplitter
    let summarizer: ExtractiveSummarizer
    /// The labelled examples' embeddings, row-major.
    private let exampleVectors: [Float]

    /// - Throws: `PaperDigestError` when the heads were trained on another encoder or with
    ///   other rule features than the taxonomy gives (both mean: run `paperdigest train`).
    public init(
        heads: Heads, taxonomy: Taxonomy, embedder: Embedder,
        summarizer: ExtractiveSummarizer = ExtractiveSummarizer(), splitter: SentenceSplitter = SentenceSplitter()
    ) throws {
        guard heads.modelID == embedder.modelID else {
            throw PaperDigestError(
                .classify,
                "the heads were trained on embeddings of \(heads.modelID), the encoder is \(embedder.modelID); run paperdigest train")
        }
        let extractor = FeatureExtractor(topics: taxonomy.topics)
        guard extractor.featureNames == heads.ruleFeatures else {
            throw PaperDigestError(
                .classify, "the heads were trained with other topics or cue words than Feeds/topics.yml gives now; run paperdigest train")
        }
        self.heads = heads
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.extractor = extractor
        self.entityTagger = EntityTagger(entities: taxonomy.entities)
        self.splitter = splitter
        self.summarizer = summarizer
        self.exampleVectors = heads.examples.decodedVectors(dimension: heads.dimension)
    }

    /// Classifies one text.
    public func classify(_ input: ClassifierInput) throws -> Classification {
        try classify([input])[0]
    }

    /// Classifies texts together, embedding them (and their sentences) in one call to the
    /// encoder.
    public func classify(_ inputs: [ClassifierInput]) throws -> [Classification] {
        try classifyWithEmbeddings(inputs).map(\.classification)
    }

    /// Classifies texts together and returns the embedding each was read with (the input's
    /// own, or the one computed), so the caller can store it.
    public func classifyWithEmbeddings(_ inputs: [ClassifierInput]) throws -> [(classification: Classification, embedding: [Float])] {
        let sentences = inputs.map { splitter.split($0.abstract) }
        var texts: [String] = []
        for (input, own) in zip(inputs, sentences) {
            if input.embedding == nil { texts.append(input.text) }
            if own.count > 1 { texts.append(contentsOf: own) }
        }
        let vectors = texts.isEmpty ? [] : try embedder.embed(texts)
        guard vectors.count == texts.count, vectors.allSatisfy({ $0.count == heads.dimension }) else {
            throw PaperDigestError(
                .model, "the encoder gave \(vectors.count) vectors for \(texts.count) texts, or not of length \(heads.dimension)")
        }
        var next = 0
        return zip(inputs, sentences).map { input, own in
            var embedding = input.embedding ?? []
            if input.embedding == nil {
                embedding = vectors[next]
                next += 1
            }
            var sentenceVectors: [[Float]] = []
            if own.count > 1 {
                sentenceVectors = Array(vectors[next..<(next + own.count)])
                next += own.count
            } else {
                sentenceVectors = own.map { _ in embedding }
            }
            let classification = classify(
                title: input.title, sentences: own, embedding: embedding, sentenceEmbeddings: sentenceVectors)
            return (classification, embedding)
        }
    }

    /// The pure core: a text's sentences and embeddings in, its classification out.
    func classify(title: String, sentences: [String], embedding: [Float], sentenceEmbeddings: [[Float]]) -> Classification {
        let reading = extractor.read(title: title, sentences: sentences)
        let x = heads.standardize(embedding: embedding, ruleFeatures: reading.features)
        let words = heads.words(reading.terms)
        let prediction = heads.predict(x, words: words, hits: reading.hits, topics: taxonomy.topics)

        var tags = prediction.tags.filter(\.tagged).map { Classification.Tag(slug: $0.slug, confidence: rounded($0.confidence)) }
        tags.sort { a, b in
            if (a.slug == Topic.fieldSlug) != (b.slug == Topic.fieldSlug) { return a.slug == Topic.fieldSlug }
            return a.confidence > b.confidence
        }
        var probabilities: [String: Double] = [:]
        for (label, p) in zip(heads.sentimentLabels, prediction.sentimentProbabilities) { probabilities[label] = rounded(p) }

        let saysMore = summarizer.saysMore(sentences.joined(separator: " "), than: title)
        let summary = saysMore ? summarizer.summarize(sentences: sentences, embeddings: sentenceEmbeddings, document: embedding) : ""
        let entities = entityTagger.tags(in: TokenizedText(title: title, body: sentences.joined(separator: " ")))
        let explanation = explain(prediction: prediction, reading: reading, x: x, words: words, embedding: embedding)
        return Classification(
            tags: tags, sentiment: prediction.sentiment, sentimentProbabilities: probabilities, score: prediction.score,
            relevance: rounded(prediction.field?.confidence ?? 0), summary: summary, entities: entities,
            explanation: explanation, headsVersion: heads.version)
    }

    // MARK: - Explanation

    private func explain(
        prediction: HeadsPrediction, reading: FeatureExtractor.Reading, x: [Double], words: SparseVector, embedding: [Float]
    ) -> Explanation {
        var rules: [String] = []
        for decision in prediction.tags where decision.tagged || decision.verdict != .none || (decision.probability ?? 0) >= 0.3 {
            let head = decision.probability.map { "head \(format($0))" } ?? "no head"
            let phrases = decision.verdict == .none ? "no phrase" : decision.verdict.rawValue
            rules.append("\(decision.slug): \(phrases), \(head) → \(decision.tagged ? "tagged" : "not tagged")")
        }
        var contributions: [Explanation.HeadContributions] = []
        if let best = heads.sentimentLabels.firstIndex(of: prediction.sentiment.rawValue) {
            contributions.append(heads.contributions(
                head: Lexicon.sentimentHead(prediction.sentiment.rawValue), weights: heads.sentiment.weights[best],
                bias: heads.sentiment.bias[best], x: x, words: words))
        }
        contributions.append(heads.contributions(head: "score", weights: heads.score.weights, bias: heads.score.bias, x: x))
        for tagHead in heads.tags where tagHead.slug == Topic.fieldSlug
            || prediction.tags.contains(where: { $0.slug == tagHead.slug && $0.tagged })
        {
            contributions.append(heads.contributions(
                head: Lexicon.tagHead(tagHead.slug), weights: tagHead.model.weights, bias: tagHead.model.bias, x: x,
                words: words))
        }
        return Explanation(
            phrases: reading.hits.phrases, cues: reading.cues, rules: rules, neighbours: neighbours(of: embedding),
            heads: contributions)
    }

    /// The three labelled examples closest to `embedding` (cosine).
    func neighbours(of embedding: [Float], count: Int = 3) -> [Explanation.Neighbour] {
        let d = heads.dimension
        let n = heads.examples.ids.count
        guard exampleVectors.count == n * d, embedding.count == d else { return [] }
        var best: [(index: Int, similarity: Float)] = []
        exampleVectors.withUnsafeBufferPointer { vectors in
            for row in 0..<n {
                var sum: Float = 0
                for j in 0..<d { sum += vectors[row * d + j] * embedding[j] }
                if best.count < count || sum > best[best.count - 1].similarity {
                    best.append((row, sum))
                    best.sort { $0.similarity > $1.similarity }
                    if best.count > count { best.removeLast() }
                }
            }
        }
        let examples = heads.examples
        return best.map { index, similarity in
            Explanation.Neighbour(
                id: examples.ids[index], title: examples.titles[index], similarity: rounded(Double(similarity)),
                sentiment: examples.sentiments[index], score: examples.scores[index], tags: examples.tags[index])
        }
    }

    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
