import Foundation

/// How well heads (or a baseline) did on held-out examples.
public struct Metrics: Sendable, Hashable {
    public struct TagMetrics: Sendable, Hashable {
        public var slug: String
        /// `nil` when nothing was predicted (precision undefined).
        public var precision: Double?
        public var recall: Double?
        public var support: Int
        public var predicted: Int

        public var f1: Double? {
            guard let p = precision, let r = recall, p + r > 0 else { return nil }
            return 2 * p * r / (p + r)
        }
    }

    public var sentimentAccuracy: Double
    public var sentimentMacroF1: Double
    /// F1 per sentiment word.
    public var sentimentF1: [String: Double]
    public var scoreMAE: Double
    public var tags: [TagMetrics]

    public func tag(_ slug: String) -> TagMetrics? { tags.first { $0.slug == slug } }

    /// Scores predictions against the truth; `nil` entries (unlabelled) are skipped.
    static func measure(
        truth: [LabelledExample], sentiments: [Classification.Sentiment], scores: [Int], tags: [Set<String>], slugs: [String]
    ) -> Metrics {
        var correct = 0
        var counted = 0
        var perClass: [String: (tp: Int, fp: Int, fn: Int)] = [:]
        for sentiment in Classification.Sentiment.allCases { perClass[sentiment.rawValue] = (0, 0, 0) }
        var absolute = 0.0
        var scored = 0
        for (index, example) in truth.enumerated() {
            if let sentiment = example.sentiment {
                counted += 1
                let predicted = sentiments[index]
                if predicted == sentiment {
                    correct += 1
                    perClass[sentiment.rawValue]!.tp += 1
                } else {
                    perClass[predicted.rawValue]!.fp += 1
                    perClass[sentiment.rawValue]!.fn += 1
                }
            }
            if let score = example.score {
                absolute += Double(abs(scores[index] - score))
                scored += 1
            }
        }
        var f1: [String: Double] = [:]
        for (label, counts) in perClass {
            let denominator = 2 * counts.tp + counts.fp + counts.fn
            f1[label] = denominator > 0 ? Double(2 * counts.tp) / Double(denominator) : 0
        }
        let tagMetrics: [TagMetrics] = slugs.map { slug in
            var tp = 0, predicted = 0, support = 0
            for (index, example) in truth.enumerated() {
                guard let labelled = example.tags else { continue }
                let isTrue = labelled.contains(slug)
                let isPredicted = tags[index].contains(slug)
                if isTrue { support += 1 }
                if isPredicted { predicted += 1 }
                if isTrue && isPredicted { tp += 1 }
            }
            return TagMetrics(
                slug: slug, precision: predicted > 0 ? Double(tp) / Double(predicted) : nil,
                recall: support > 0 ? Double(tp) / Double(support) : nil, support: support, predicted: predicted)
        }
        return Metrics(
            sentimentAccuracy: counted > 0 ? Double(correct) / Double(counted) : 0,
            sentimentMacroF1: f1.values.reduce(0, +) / Double(max(f1.count, 1)), sentimentF1: f1,
            scoreMAE: scored > 0 ? absolute / Double(scored) : 0, tags: tagMetrics)
    }
}

/// The result of `paperdigest eval`: the heads beside two baselines, all on the same folds.
public struct Evaluation: Sendable {
    public var folds: Int
    public var examples: Int
    public var heads: Metrics
    /// Always the training folds' most common sentiment, median score, no tags.
    public var majority: Metrics
    /// Phrase rules and cue words alone (no embedding).
    public var phraseOnly: Metrics
    /// Each example with the heads' prediction for it when it was held out.
    public var predictions: [(example: LabelledExample, prediction: HeadsPrediction)] = []
}

/// K-fold cross-validation of the heads, stratified by sentiment, shuffled with a seed.
public struct CrossValidator: Sendable {
    public var folds: Int
    public var seed: UInt64
    public var trainer: HeadsTrainer

    public init(trainer: HeadsTrainer, folds: Int = 5, seed: UInt64 = 20_251_121) {
        self.trainer = trainer
        self.folds = folds
        self.seed = seed
    }

    /// Trains on k−1 folds and predicts the held-out one, k times; scores the pooled predictions.
    ///
    /// - Parameter progress: called after each fold with (done, total).
    public func evaluate(_ table: TrainingTable, progress: (Int, Int) -> Void = { _, _ in }) -> Evaluation {
        let n = table.count
        let assignment = foldAssignment(table.examples)
        let slugs = trainer.topics.map(\.slug)
        var predictions = [HeadsPrediction?](repeating: nil, count: n)
        var sentiments = [Classification.Sentiment](repeating: .neutral, count: n)
        var scores = [Int](repeating: 0, count: n)
        var tags = [Set<String>](repeating: [], count: n)
        var majoritySentiments = sentiments, majorityScores = scores
        var phraseSentiments = sentiments, phraseScores = scores, phraseTags = tags

        for fold in 0..<folds {
            let train = (0..<n).filter { assignment[$0] != fold }
            let test = (0..<n).filter { assignment[$0] == fold }
            let heads = trainer.train(table, rows: train, modelID: "cv", keepExamples: false)
            for index in test {
                let x = heads.standardize(embedding: table.embeddings[index], ruleFeatures: table.ruleFeatures[index])
                let prediction = heads.predict(
                    x, words: heads.words(table.terms[index]), hits: table.hits[index], topics: trainer.topics)
                predictions[index] = prediction
                sentiments[index] = prediction.sentiment
                scores[index] = prediction.score
                tags[index] = Set(prediction.tags.filter(\.tagged).map(\.slug))
            }
            // Baselines, fitted on the same training folds.
            let majority = Self.mostCommonSentiment(train.compactMap { table.examples[$0].sentiment })
            let median = Self.median(train.compactMap { table.examples[$0].score })
            let phrase = PhraseBaseline(table: table, rows: train, topics: trainer.topics)
            for index in test {
                majoritySentiments[index] = majority
                majorityScores[index] = median
                let guess = phrase.predict(table, index, fallback: majority)
                phraseSentiments[index] = guess.sentiment
                phraseScores[index] = guess.score
                phraseTags[index] = guess.tags
            }
            progress(fold + 1, folds)
        }
        return Evaluation(
            folds: folds, examples: n,
            heads: Metrics.measure(truth: table.examples, sentiments: sentiments, scores: scores, tags: tags, slugs: slugs),
            majority: Metrics.measure(
                truth: table.examples, sentiments: majoritySentiments, scores: majorityScores,
                tags: Array(repeating: [], count: n), slugs: slugs),
            phraseOnly: Metrics.measure(
                truth: table.examples, sentiments: phraseSentiments, scores: phraseScores, tags: phraseTags, slugs: slugs),
            predictions: zip(table.examples, predictions).compactMap { example, prediction in prediction.map { (example, $0) } })
    }

    /// A fold for each example: shuffled within each sentiment so every fold has the same mix.
    func foldAssignment(_ examples: [LabelledExample]) -> [Int] {
        var generator = SplitMix64(seed: seed)
        var assignment = [Int](repeating: 0, count: examples.count)
        var groups: [String: [Int]] = [:]
        for (index, example) in examples.enumerated() { groups[example.sentiment?.rawValue ?? "", default: []].append(index) }
        var offset = 0
        for key in groups.keys.sorted() {
            var members = groups[key]!
            members.shuffle(using: &generator)
            for (position, index) in members.enumerated() { assignment[index] = (position + offset) % folds }
            offset += members.count
        }
        return assignment
    }

    static func mostCommonSentiment(_ values: [Classification.Sentiment]) -> Classification.Sentiment {
        var counts: [Classification.Sentiment: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return Classification.Sentiment.allCases.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? .bullish
    }

    static func median(_ values: [Int]) -> Int {
        guard !values.isEmpty else { return 5 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}

/// The phrase-only baseline: tags from the phrase rules (a strong phrase, or two weak ones,
/// and no negative one), sentiment from a vote of cue words, score as the training folds'
/// mean for texts the rules put in the field and for the others.
struct PhraseBaseline {
    let topics: [Topic]
    let fieldIndex: Int?
    let scoreInField: Int
    let scoreOutside: Int
    let familyColumns: [Int]

    init(table: TrainingTable, rows: [Int], topics: [Topic]) {
        self.topics = topics
        let fieldIndex = topics.firstIndex { $0.slug == Topic.fieldSlug }
        self.fieldIndex = fieldIndex
        func inField(_ index: Int) -> Bool {
            guard let fieldIndex else { return false }
            let verdict = table.hits[index].verdict(fieldIndex)
            return verdict == .strong || verdict == .weakPair
        }
        func mean(_ values: [Int]) -> Int {
            values.isEmpty ? 5 : Int((Double(values.reduce(0, +)) / Double(values.count)).rounded())
        }
        scoreInField = mean(rows.filter(inField).compactMap { table.examples[$0].score })
        scoreOutside = mean(rows.filter { !inField($0) }.compactMap { table.examples[$0].score })
        familyColumns = ["bullish", "bearish", "neutral"].map { name in table.featureNames.firstIndex(of: "cues:\(name):all")! }
    }

    func predict(_ table: TrainingTable, _ index: Int, fallback: Classification.Sentiment)
        -> (sentiment: Classification.Sentiment, score: Int, tags: Set<String>)
    {
        let hits = table.hits[index]
        var tags = Set<String>()
        for (topicIndex, topic) in topics.enumerated() {
            let verdict = hits.verdict(topicIndex)
            if verdict == .strong || verdict == .weakPair { tags.insert(topic.slug) }
        }
        let field = fieldIndex.map { tags.contains(topics[$0].slug) } ?? false
        if !field { tags.removeAll() }
        // Cue vote: the family with most cue words; a tie keeps the most common sentiment.
        let counts = familyColumns.map { table.ruleFeatures[index][$0] }
        let top = counts.max() ?? 0
        let winners = counts.indices.filter { counts[$0] == top }
        let sentiment: Classification.Sentiment
        if top == 0 || winners.count > 1 {
            sentiment = fallback
        } else {
            sentiment = [Classification.Sentiment.bullish, .bearish, .neutral][winners[0]]
        }
        return (sentiment, field ? scoreInField : scoreOutside, tags)
    }
}

