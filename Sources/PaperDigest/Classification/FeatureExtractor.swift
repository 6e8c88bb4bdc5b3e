import Foundation

/// Reads the rule features of a text that sit beside its embedding: phrase hits per topic
/// (`Feeds/topics.yml`) and sentiment cue words (`SentimentCues`) in the headline claim
/// (title, first and last sentences) and the whole text.
public struct FeatureExtractor: Sendable {
    /// Which heads see a feature: tag heads read the embedding and the phrase hits; the
    /// sentiment and score heads read everything.
    public enum Group: String, Sendable, CaseIterable {
        case embedding, phrases, cues
    }

    public let topics: [Topic]
    public let topicMatcher: TopicMatcher
    private let cueMatcher: PhraseMatcher
    /// The family (index into `SentimentCues.families`) of each cue pattern.
    private let cueFamily: [Int]
    /// Names of the rule features, in the order `read` gives their values.
    public let featureNames: [String]

    static let parts = ["title", "first", "last", "all"]

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
            for part in Self.parts { names.append("cues:\(name):\(part)") }
        }
        for part in Self.parts.dropLast() { names.append("cues:bearish-without-defense:\(part)") }
        names += ["cues:title-question", "cues:title-colon", "cues:length"]
        for (index, pattern) in patterns.enumerated() {
            names.append("cue:\(SentimentCues.families[family[index]].name):\(pattern.phrase)")
        }
        for (index, pattern) in patterns.enumerated() {
            names.append("cue-title:\(SentimentCues.families[family[index]].name):\(pattern.phrase)")
        }
        self.featureNames = names
    }

    /// The group of a rule feature, by its name.
    public static func group(of name: String) -> Group {
        name.hasPrefix("phrase:") ? .phrases : .cues
    }

    /// What the rules see in one text.
    public struct Reading: Sendable {
        public var hits: TopicHits
        /// Cue words found, as `family:phrase`.
        public var cues: [String]
        /// Values of the rule features, ordered like `featureNames`.
        public var features: [Double]
        /// Words and word pairs with their counts (`Lexicon.termCounts`).
        public var terms: [String: Int]
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

        let families = SentimentCues.families.count
        var perCue = [Int](repeating: 0, count: cueMatcher.patterns.count)
        var perCueInTitle = perCue
        var all = [Int](repeating: 0, count: families)
        var inTitle = all
        for match in cueMatcher.matches(in: text) {
            perCue[match.pattern] += 1
            all[cueFamily[match.pattern]] += 1
            if match.start < text.titleEnd {
                perCueInTitle[match.pattern] += 1
                inTitle[cueFamily[match.pattern]] += 1
            }
        }
        let first = familyCounts(sentences.first.map(TokenizedText.init))
        let last = familyCounts(sentences.count > 1 ? TokenizedText(sentences[sentences.count - 1]) : nil)
        let byPart = [inTitle, first, last, all]
        for family in 0..<families {
            for counts in byPart { features.append(log1p(Double(counts[family]))) }
        }
        let bearish = 1, defense = 3
        for counts in byPart.dropLast() {
            features.append(counts[bearish] > 0 && counts[defense] == 0 ? 1 : 0)
        }
        let trimmedTitle = title.trimmedWhitespace
        features.append(trimmedTitle.hasSuffix("?") ? 1 : 0)
        features.append(trimmedTitle.contains(":") ? 1 : 0)
        features.append(log1p(Double(text.tokens.count)))
        var cues: [String] = []
        for (index, count) in perCue.enumerated() {
            features.append(log1p(Double(count)))
            if count > 0 { cues.append("\(SentimentCues.families[cueFamily[index]].name):\(cueMatcher.patterns[index].phrase)") }
        }
        for count in perCueInTitle { features.append(count > 0 ? 1 : 0) }
        return Reading(hits: hits, cues: cues, features: features, terms: Lexicon.termCounts(text))
    }

    private func familyCounts(_ text: TokenizedText?) -> [Int] {
        var counts = [Int](repeating: 0, count: SentimentCues.families.count)
        guard let text else { return counts }
        for match in cueMatcher.matches(in: text) { counts[cueFamily[match.pattern]] += 1 }
        return counts
    }
}
