/// The phrase rules of `Feeds/topics.yml`: which topics' strong, weak and negative phrases
/// a text holds.
public struct TopicMatcher: Sendable {
    public let topics: [Topic]
    private let matcher: PhraseMatcher
    /// For each pattern of `matcher`: its topic's index and kind.
    private let owners: [(topic: Int, kind: Explanation.PhraseHit.Kind)]
    /// The field's index, when the taxonomy has it.
    private let field: Int?
    /// For each pattern: a sub-topic's strong phrase that the field does not list itself.
    private let impliesField: [Bool]

    public init(topics: [Topic]) {
        self.topics = topics
        var patterns: [PhraseMatcher.Pattern] = []
        var owners: [(topic: Int, kind: Explanation.PhraseHit.Kind)] = []
        for (index, topic) in topics.enumerated() {
            for (kind, phrases) in [(Explanation.PhraseHit.Kind.strong, topic.strong), (.weak, topic.weak), (.negative, topic.negative)] {
                for phrase in phrases {
                    patterns.append(PhraseMatcher.Pattern(phrase))
                    owners.append((index, kind))
                }
            }
        }
        self.matcher = PhraseMatcher(patterns)
        self.owners = owners
        let field = topics.firstIndex { $0.slug == Topic.fieldSlug }
        self.field = field
        // Every sub-topic implies the field, so a phrase strong enough to tag a sub-topic
        // ("linear representation hypothesis", "interchange intervention") is a strong
        // phrase of the field too. A phrase is counted once however many topics list it.
        var counted = Set(field.map { topics[$0].strong.map { TokenizedText($0).lowered } } ?? [])
        self.impliesField = zip(patterns, owners).map { pattern, owner in
            guard let field, owner.topic != field, owner.kind == .strong else { return false }
            return counted.insert(TokenizedText(pattern.phrase).lowered).inserted
        }
    }

    /// The phrases of every topic found in `text`.
    public func hits(in text: TokenizedText) -> TopicHits {
        var hits = TopicHits(topicCount: topics.count)
        var counts: [Int: Int] = [:]
        var firstSeen: [Int] = []
        for match in matcher.matches(in: text) {
            let owner = owners[match.pattern]
            if counts[match.pattern] == nil { firstSeen.append(match.pattern) }
            counts[match.pattern, default: 0] += 1
            switch owner.kind {
            case .strong:
                hits.strong[owner.topic] += 1
                if match.start < text.titleEnd { hits.strongInTitle[owner.topic] += 1 }
                if impliesField[match.pattern], let field {
                    hits.strong[field] += 1
                    if match.start < text.titleEnd { hits.strongInTitle[field] += 1 }
                }
            case .weak: hits.weak[owner.topic] += 1
            case .negative: hits.negative[owner.topic] += 1
            }
        }
        for pattern in firstSeen {
            let owner = owners[pattern]
            let count = counts[pattern]!
            if owner.kind == .weak { hits.distinctWeak[owner.topic] += 1 }
            hits.phrases.append(Explanation.PhraseHit(
                topic: topics[owner.topic].slug, kind: owner.kind, phrase: matcher.patterns[pattern].phrase, count: count))
        }
        return hits
    }
}

/// What `TopicMatcher` found in one text: counts per topic (indexed like the topics) and
/// the phrases themselves.
public struct TopicHits: Sendable, Hashable {
    public var strong: [Int]
    public var strongInTitle: [Int]
    public var weak: [Int]
    /// Different weak phrases (a phrase said five times is one).
    public var distinctWeak: [Int]
    public var negative: [Int]
    public var phrases: [Explanation.PhraseHit]

    init(topicCount: Int) {
        strong = Array(repeating: 0, count: topicCount)
        strongInTitle = strong
        weak = strong
        distinctWeak = strong
        negative = strong
        phrases = []
    }

    /// What the phrase rules alone say about topic `index`.
    public func verdict(_ index: Int) -> PhraseVerdict {
        if negative[index] > 0 { return strong[index] > 0 || weak[index] > 0 ? .vetoed : .none }
        if strong[index] > 0 { return .strong }
        if distinctWeak[index] >= 2 { return .weakPair }
        if distinctWeak[index] == 1 { return .weakOne }
        return .none
    }
}

/// The phrase rules' answer for one topic.
public enum PhraseVerdict: String, Sendable, Hashable {
    /// A strong phrase and no negative one: tag.
    case strong = "strong phrase"
    /// Two different weak phrases and no negative one: tag.
    case weakPair = "two weak phrases"
    /// One weak phrase: tag only if the head votes for it.
    case weakOne = "one weak phrase"
    /// Phrases of the topic, but also a negative phrase: the rules stay silent.
    case vetoed = "negative phrase"
    case none
}
