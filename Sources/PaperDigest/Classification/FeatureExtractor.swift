import Foundation

/// Reads the rule features of a text that sit beside its embedding: phrase hits per topic
/// (`Feeds/topics.yml`) and sentiment cue words (`SentimentCues`), in the title, the first
/// and last sentences, and the whole text.
public struct FeatureExtractor: Sendable {
    public let topics: [Topic]
    public let topicMatcher: TopicMatcher
    private let cueMatcher: PhraseMatcher
    /// The family (0 bullish, 1 bearish, 2 neutral) of each cue pattern.
    private let cueFamily: [Int]
    /// Names of the rule features, in the order `read` gives their values.
    public let featureNames: [String]

    public init(topics: [Topic]) {
        self.topics = topics
        self.topicMatcher = TopicMatcher(topics: topics)
        var patterns: [PhraseMatcher.Pattern] = []
        var family: [Int] = []
        for (index, cues) in SentimentCues.families.enumerated() {
            for cue in cues.phrases {
                patterns.append(PhraseMatcher.Pattern(cue))
                family.append(index)
            }
        }
        self.cueMatcher = PhraseMatcher(patterns)
        self.cueFamily = family

        var names: [String] = []
        for topic in topics {
            names += ["phrase:\(topic.slug):strong", "phrase:\(topic.slug):weak", "phrase:\(topic.slug):negative",
                      "phrase:\(topic.slug):title"]
        }
        for (name, _) in SentimentCues.families {
            names += ["cues:\(name)", "cues:\(name):title", "cues:\(name):first", "cues:\(name):last"]
        }
        for (index, pattern) in patterns.enumerated() {
            names.append("cue:\(SentimentCues.families[family[index]].name):\(pattern.phrase)")
        }
        names.append("length")
        self.featureNames = names
    }

    /// What the rules see in one text.
    public struct Reading: Sendable {
        public var hits: TopicHits
        /// Cue words found, as `family:phrase`.
        public var cues: [String]
        /// Values of the rule features, ordered like `featureNames`.
        public var features: [Double]
    }

    /// Reads a title and the sentences of its abstract.
    public func read(title: String, sentences: [String]) -> Reading {
        let body = sentences.joined(separator: " ")
        let text = TokenizedText(title: title + " .", body: body)
        let hits = topicMatcher.hits(in: text)
        var features: [Double] = []
        features.reserveCapacity(featureNames.count)
        for index in topics.indices {
            features.append(log1p(Double(hits.strong[index])))
            features.append(log1p(Double(hits.distinctWeak[index])))
            features.append(log1p(Double(hits.negative[index])))
            features.append(hits.strongInTitle[index] > 0 ? 1 : 0)
        }

        let matches = cueMatcher.matches(in: text)
        var perCue = [Int](repeating: 0, count: cueMatcher.patterns.count)
        var total = [0, 0, 0]
        var inTitle = [0, 0, 0]
        for match in matches {
            perCue[match.pattern] += 1
            total[cueFamily[match.pattern]] += 1
            if match.start < text.titleEnd { inTitle[cueFamily[match.pattern]] += 1 }
        }
        let first = familyCounts(sentences.first.map(TokenizedText.init))
        let last = familyCounts(sentences.count > 1 ? TokenizedText(sentences[sentences.count - 1]) : nil)
        for family in 0..<3 {
            features.append(log1p(Double(total[family])))
            features.append(inTitle[family] > 0 ? 1 : 0)
            features.append(log1p(Double(first[family])))
            features.append(log1p(Double(last[family])))
        }
        var cues: [String] = []
        for (index, count) in perCue.enumerated() {
            features.append(log1p(Double(count)))
            if count > 0 { cues.append("\(SentimentCues.families[cueFamily[index]].name):\(cueMatcher.patterns[index].phrase)") }
        }
        features.append(log1p(Double(text.tokens.count)))
        return Reading(hits: hits, cues: cues, features: features)
    }

    private func familyCounts(_ text: TokenizedText?) -> [Int] {
        var counts = [0, 0, 0]
        guard let text else { return counts }
        for match in cueMatcher.matches(in: text) { counts[cueFamily[match.pattern]] += 1 }
        return counts
    }
}
