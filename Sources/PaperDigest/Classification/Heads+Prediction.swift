import Foundation

/// What the heads say about one text, before summary and entities: the shared core of
/// `Classifier` and cross-validation.
public struct HeadsPrediction: Sendable, Hashable {
    /// Probabilities in the order of `Heads.sentimentLabels`.
    public var sentimentProbabilities: [Double]
    public var sentiment: Classification.Sentiment
    /// The regressor's raw output, before rounding.
    public var rawScore: Double
    /// Rounded and clamped to 1…10.
    public var score: Int
    /// Every topic considered, tagged or not, in taxonomy order.
    public var tags: [TagDecision]

    public struct TagDecision: Sendable, Hashable {
        public var slug: String
        /// The head's probability; `nil` when the topic has no head (too few examples).
        public var probability: Double?
        public var verdict: PhraseVerdict
        public var tagged: Bool
        /// Reported confidence: at least 0.5 when tagged, below 0.5 when not.
        public var confidence: Double
    }

    /// The field's tag decision.
    public var field: TagDecision? { tags.first { $0.slug == Topic.fieldSlug } }
}

extension Heads {
    /// The standardised feature vector of an embedding and its rule features.
    func standardize(embedding: [Float], ruleFeatures: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: mean.count)
        for j in 0..<dimension { x[j] = (Double(embedding[j]) - Double(mean[j])) / Double(scale[j]) }
        for (k, value) in ruleFeatures.enumerated() {
            let j = dimension + k
            x[j] = (value - Double(mean[j])) / Double(scale[j])
        }
        return x
    }

    /// The sentiment head's word vector of a text's term counts (`Lexicon.termCounts`).
    func words(_ terms: [String: Int]) -> SparseVector { lexicon.vector(terms) }

    /// Runs every head on a standardised feature vector (and the sentiment head also on the
    /// text's word vector) and combines the tag heads with the phrase rules.
    ///
    /// - Parameters:
    ///   - topics: the taxonomy's topics, in the order `hits` counts them.
    func predict(_ x: [Double], words: SparseVector, hits: TopicHits, topics: [Topic]) -> HeadsPrediction {
        let dense = sentiment.scores(x)
        let probabilities = SoftmaxRegression.softmax(
            dense.indices.map { dense[$0] + lexicon.score(words, head: Lexicon.sentimentHead(sentimentLabels[$0])) })
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        let rawScore = score.predict(x)
        let heads = Dictionary(tags.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })

        var decisions: [HeadsPrediction.TagDecision] = []
        var fieldTagged = false
        for (index, topic) in topics.enumerated() {
            let verdict = hits.verdict(index)
            let decision: HeadsPrediction.TagDecision
            if let head = heads[topic.slug] {
                let p = 1 / (1 + exp(-(head.model.score(x) + lexicon.score(words, head: Lexicon.tagHead(topic.slug)))))
                let tagged: Bool
                switch verdict {
                case .strong: tagged = p >= head.strongThreshold
                case .weakPair: tagged = p >= head.pairThreshold
                case .weakOne: tagged = p >= head.weakThreshold
                case .none, .vetoed: tagged = p >= head.threshold
                }
                decision = .init(slug: topic.slug, probability: p, verdict: verdict, tagged: tagged,
                                 confidence: tagged ? max(p, 0.5) : min(p, 0.4999))
            } else {
                // No head (too few labelled examples): the phrase rules alone.
                let tagged = verdict == .strong || verdict == .weakPair
                decision = .init(slug: topic.slug, probability: nil, verdict: verdict, tagged: tagged,
                                 confidence: verdict == .strong ? 0.75 : verdict == .weakPair ? 0.6 : 0)
            }
            if topic.slug == Topic.fieldSlug { fieldTagged = decision.tagged }
            decisions.append(decision)
        }
        // Every sub-topic implies the field: without it, no sub-topic.
        if !fieldTagged {
            for index in decisions.indices where decisions[index].slug != Topic.fieldSlug && decisions[index].tagged {
                decisions[index].tagged = false
                decisions[index].confidence = min(decisions[index].confidence, 0.4999)
            }
        }
        return HeadsPrediction(
            sentimentProbabilities: probabilities,
            sentiment: Classification.Sentiment(rawValue: sentimentLabels[best]) ?? .neutral,
            rawScore: rawScore,
            score: min(10, max(1, Int(rawScore.rounded()))),
            tags: decisions)
    }

    /// The largest terms of one linear head on `x` (`head` named as in `Lexicon.weights`):
    /// rule features by name, the 384 embedding dimensions summed as `embedding`, and each word
    /// (`word:jailbreak`) for heads that read words.
    func contributions(
        head: String, weights: [Double], bias: Double, x: [Double], words: SparseVector? = nil, top: Int = 5
    ) -> Explanation.HeadContributions {
        var embedding = 0.0
        for j in 0..<dimension { embedding += weights[j] * x[j] }
        var terms = [Explanation.HeadContributions.Term(feature: "embedding", contribution: embedding)]
        if let words {
            for (term, value) in lexicon.contributions(words, head: head) where value != 0 {
                terms.append(.init(feature: "word:\(term)", contribution: value))
            }
        }
        for (k, name) in ruleFeatures.enumerated() {
            let value = weights[dimension + k] * x[dimension + k]
            if value != 0 { terms.append(.init(feature: name, contribution: value)) }
        }
        terms.sort { abs($0.contribution) > abs($1.contribution) }
        return Explanation.HeadContributions(
            head: head, bias: bias,
            terms: terms.prefix(top).map { .init(feature: $0.feature, contribution: (($0.contribution * 1000).rounded()) / 1000) })
    }
}
