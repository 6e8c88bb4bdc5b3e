import Foundation

/// Everything training and evaluation read of the labelled examples, computed once: the
/// embeddings, the rule features and the phrase hits.
public struct TrainingTable: Sendable {
    public let examples: [LabelledExample]
    public let embeddings: [[Float]]
    let ruleFeatures: [[Double]]
    let hits: [TopicHits]
    /// Words and word pairs of each example (`Lexicon.termCounts`).
    let terms: [[String: Int]]
    let featureNames: [String]
    /// Each example's title read alone, for those whose abstract says more than the title.
    let titleViews: [TitleView?]

    public var count: Int { examples.count }

    /// A labelled text's title alone, read as a post that arrives as a bare title would be.
    struct TitleView: Sendable {
        let embedding: [Float]
        let ruleFeatures: [Double]
        let terms: [String: Int]
    }

    /// The examples that also teach the field's head as their title alone: those whose
    /// abstract says more than the title (`ExtractiveSummarizer.saysMore`).
    public static func titleViewIndices(_ examples: [LabelledExample]) -> [Int] {
        let summarizer = ExtractiveSummarizer()
        return examples.indices.filter { summarizer.saysMore(examples[$0].abstract, than: examples[$0].title) }
    }
}

/// Trains the heads from labelled examples: softmax regression for sentiment (balanced
/// class weights, with the training texts' bag of words beside the dense features), ridge
/// regression for the score, one-vs-rest logistic regression per tag, all on the
/// standardised embedding plus rule features, by L-BFGS or in closed form.
/// Deterministic: the same examples give the same heads, byte for byte.
public struct HeadsTrainer: Sendable {
    public var topics: [Topic]
    public var hyperparameters: Heads.Hyperparameters
    /// A topic needs this many positive examples to get a head; below, the phrase rules decide alone.
    public var minimumPositives: Int
    public var thresholds: TagThresholds
    /// The field's own thresholds: it gates the digest, so it asks more of its head than
    /// the sub-topics do (a strong phrase alone is common in neighbouring work that only
    /// uses an SAE or a steering vector as a part).
    public var fieldThresholds: TagThresholds
    /// The features the tag heads read; the sentiment and score heads read them all.
    public var tagFeatures: Set<FeatureExtractor.Group>

    /// How a tag head's probability combines with the phrase rules.
    public struct TagThresholds: Sendable, Hashable {
        public var strong: Double
        public var pair: Double
        public var weak: Double
        public var alone: Double

        /// A strong phrase tags unless the head is fairly sure it does not fit (p < 0.2): the
        /// field's strong phrases also appear in neighbouring fields ("activation steering"
        /// for a robot, "mechanistic interpretability" of a tumour model). Two weak phrases
        /// need less of the head than one; with none, the head decides alone.
        public init(strong: Double = 0.2, pair: Double = 0.3, weak: Double = 0.5, alone: Double = 0.5) {
            self.strong = strong
            self.pair = pair
            self.weak = weak
            self.alone = alone
        }
    }

    public init(
        topics: [Topic], hyperparameters: Heads.Hyperparameters = .init(), minimumPositives: Int = 5,
        thresholds: TagThresholds = .init(),
        fieldThresholds: TagThresholds = .init(strong: 0.5, pair: 0.5, weak: 0.6, alone: 0.7),
        tagFeatures: Set<FeatureExtractor.Group> = [.embedding, .phrases]
    ) {
        self.fieldThresholds = fieldThresholds
        self.topics = topics
        self.hyperparameters = hyperparameters
        self.minimumPositives = minimumPositives
        self.thresholds = thresholds
        self.tagFeatures = tagFeatures
    }

    /// Reads the rule features of every example.
    ///
    /// - Parameter titleEmbeddings: the embeddings of the titles alone, by example index
    ///   (`TrainingTable.titleViewIndices`); the examples without one get no title view.
    public func table(
        examples: [LabelledExample], embeddings: [[Float]], titleEmbeddings: [Int: [Float]] = [:],
        splitter: SentenceSplitter = SentenceSplitter()
    ) -> TrainingTable {
        precondition(examples.count == embeddings.count, "one embedding per example")
        let extractor = FeatureExtractor(topics: topics)
        let readings = examples.map { extractor.read(title: $0.title, sentences: splitter.split($0.abstract)) }
        let titleViews = examples.indices.map { index -> TrainingTable.TitleView? in
            guard let embedding = titleEmbeddings[index] else { return nil }
            let reading = extractor.read(title: examples[index].title, sentences: [])
            return TrainingTable.TitleView(embedding: embedding, ruleFeatures: reading.features, terms: reading.terms)
        }
        return TrainingTable(
            examples: examples, embeddings: embeddings, ruleFeatures: readings.map(\.features), hits: readings.map(\.hits),
            terms: readings.map(\.terms), featureNames: extractor.featureNames, titleViews: titleViews)
    }

    /// Trains heads on the rows `rows` of `table` (all rows when `nil`).
    ///
    /// - Parameter keepExamples: store the examples for nearest-neighbour explanations
    ///   (off for cross-validation folds).
    public func train(_ table: TrainingTable, rows: [Int]? = nil, modelID: String, keepExamples: Bool = true) -> Heads {
        let rows = rows ?? Array(0..<table.count)
        let dimension = table.embeddings.first?.count ?? 0
        let width = dimension + table.featureNames.count

        // Standardisation from the training rows.
        var raw: [Double] = []
        raw.reserveCapacity(rows.count * width)
        for row in rows {
            for value in table.embeddings[row] { raw.append(Double(value)) }
            raw.append(contentsOf: table.ruleFeatures[row])
        }
        var mean = [Double](repeating: 0, count: width)
        var scale = [Double](repeating: 0, count: width)
        let n = Double(rows.count)
        for i in 0..<rows.count { for j in 0..<width { mean[j] += raw[i * width + j] } }
        for j in 0..<width { mean[j] /= n }
        for i in 0..<rows.count {
            for j in 0..<width {
                let d = raw[i * width + j] - mean[j]
                scale[j] += d * d
            }
        }
        for j in 0..<width {
            let sd = (scale[j] / n).squareRoot()
            scale[j] = sd > 1e-9 ? sd : 1
            // Kept as Float in the heads file: standardise with exactly what will be stored.
            mean[j] = mean[j].singlePrecision
            scale[j] = scale[j].singlePrecision
        }
        for i in 0..<rows.count { for j in 0..<width { raw[i * width + j] = (raw[i * width + j] - mean[j]) / scale[j] } }
        let x = Matrix(rows: rows.count, columns: width, values: raw)

        // The bag of words of the training texts, read by the sentiment head and the field's head.
        let vocabulary = Lexicon.vocabulary(
            of: rows.map { table.terms[$0] }, minimumDocuments: hyperparameters.lexiconMinimumDocuments)
        let termIndex = Dictionary(uniqueKeysWithValues: vocabulary.terms.enumerated().map { ($1, $0) })
        let words = rows.map { Lexicon.vector(table.terms[$0], index: termIndex, idf: vocabulary.idf) }
        var wordWeights: [String: [Double]] = [:]

        // Sentiment.
        let labels = Classification.Sentiment.allCases.map(\.rawValue)
        let sentimentRows = rows.indices.filter { table.examples[rows[$0]].sentiment != nil }
        let joint = SoftmaxRegression.fit(
            x.rows(sentimentRows),
            labels: sentimentRows.map { labels.firstIndex(of: table.examples[rows[$0]].sentiment!.rawValue)! },
            classes: labels.count, l2: hyperparameters.sentimentL2,
            sparse: sentimentRows.map { words[$0] }, sparseWidth: vocabulary.terms.count, sparseL2: hyperparameters.lexicalL2)
        let sentiment = SoftmaxRegression(weights: joint.weights.map { Array($0[..<width]) }, bias: joint.bias).quantized()
        for (c, label) in labels.enumerated() { wordWeights[Lexicon.sentimentHead(label)] = Array(joint.weights[c][width...]) }

        // Score.
        let scoreRows = rows.indices.filter { table.examples[rows[$0]].score != nil }
        let score = RidgeRegression.fit(
            x.rows(scoreRows), targets: scoreRows.map { Double(table.examples[rows[$0]].score!) }, l2: hyperparameters.scoreL2
        ).quantized()

        // Tags: a head for each topic with enough positives among examples labelled with tags.
        let tagRows = rows.indices.filter { table.examples[rows[$0]].tags != nil }
        // Features a tag head does not read are zero for it, so their weights stay zero.
        var tagX = x.rows(tagRows)
        let hidden = (0..<width).filter { column in
            let group = column < dimension ? FeatureExtractor.Group.embedding
                : FeatureExtractor.group(of: table.featureNames[column - dimension])
            return !tagFeatures.contains(group)
        }
        if !hidden.isEmpty {
            for row in 0..<tagX.rows { for column in hidden { tagX.values[row * width + column] = 0 } }
        }
        var tagHeads: [Heads.TagHead] = []
        for topic in topics {
            let positives = tagRows.map { table.examples[rows[$0]].tags!.contains(topic.slug) }
            if topic.slug != Topic.fieldSlug {
                // Sub-topic heads learn among papers of the field only: the field head gates them.
                let inField = tagRows.map { table.examples[rows[$0]].tags!.contains(Topic.fieldSlug) }
                let subset = tagRows.indices.filter { inField[$0] }
                guard subset.filter({ positives[$0] }).count >= minimumPositives else { continue }
                let model = LogisticRegression.fit(tagX.rows(subset), labels: subset.map { positives[$0] }, l2: hyperparameters.tagL2)
                    .quantized()
                tagHeads.append(head(topic.slug, model))
                continue
            }
            guard positives.filter({ $0 }).count >= minimumPositives else { continue }
            // The field's head also reads the words: neighbouring fields share its phrases
            // ("mechanistic interpretability" of a tumour model) but not its vocabulary.
            // It also learns from the titles alone, at `titleWeight`: lab posts often
            // arrive as a bare title, and a head that has only seen abstracts misreads them.
            var fieldX = tagX
            var fieldLabels = positives
            var fieldWords = tagRows.map { words[$0] }
            var rowWeights = [Double](repeating: 1, count: tagRows.count)
            if hyperparameters.titleWeight > 0 {
                for (position, row) in tagRows.enumerated() {
                    guard let view = table.titleViews[rows[row]] else { continue }
                    var values = view.embedding.map(Double.init) + view.ruleFeatures
                    for j in 0..<width { values[j] = (values[j] - mean[j]) / scale[j] }
                    for column in hidden { values[column] = 0 }
                    fieldX.append(row: values)
                    fieldLabels.append(positives[position])
                    fieldWords.append(Lexicon.vector(view.terms, index: termIndex, idf: vocabulary.idf))
                    rowWeights.append(hyperparameters.titleWeight)
                }
            }
            // The penalties stay per labelled example: the title views add to the data.
            let share = Double(tagRows.count) / rowWeights.reduce(0, +)
            let joint = LogisticRegression.fit(
                fieldX, labels: fieldLabels, l2: hyperparameters.tagL2 * share,
                sparse: fieldWords, sparseWidth: vocabulary.terms.count, sparseL2: hyperparameters.lexicalL2 * share,
                rowWeights: rowWeights)
            let model = LogisticRegression(weights: Array(joint.weights[..<width]), bias: joint.bias).quantized()
            wordWeights[Lexicon.tagHead(topic.slug)] = Array(joint.weights[width...])
            tagHeads.append(head(topic.slug, model))
        }
        let lexicon = Lexicon(terms: vocabulary.terms, idf: vocabulary.idf, weights: wordWeights).quantized()

        let kept = keepExamples ? rows : []
        let heads = Heads(
            format: Heads.currentFormat, version: "", modelID: modelID, dimension: dimension,
            ruleFeatures: table.featureNames, mean: mean.map(Float.init), scale: scale.map(Float.init), sentimentLabels: labels, sentiment: sentiment,
            lexicon: lexicon, score: score, tags: tagHeads, hyperparameters: hyperparameters,
            examples: Heads.ExampleIndex(examples: kept.map { table.examples[$0] }, embeddings: kept.map { table.embeddings[$0] }))
        return heads.stamped()
    }

    private func head(_ slug: String, _ model: LogisticRegression) -> Heads.TagHead {
        let thresholds = slug == Topic.fieldSlug ? fieldThresholds : thresholds
        return Heads.TagHead(
            slug: slug, model: model, strongThreshold: thresholds.strong, pairThreshold: thresholds.pair,
            weakThreshold: thresholds.weak, threshold: thresholds.alone)
    }
}
