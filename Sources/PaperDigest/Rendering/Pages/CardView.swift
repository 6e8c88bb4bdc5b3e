/// One item as a card shows it, built once per render and shared by every page that lists it.
public struct CardView: Sendable, Hashable, Encodable {
    public var id: Int64
    /// `items/<id>.html`
    public var href: String
    public var title: String
    /// The emoji of the most confident topic tag, with its title for screen readers.
    public var leadEmoji: String?
    public var leadTopicTitle: String?
    public var sentiment: SentimentView?
    /// "arXiv – cs.AI", "Transformer Circuits".
    public var sourceLabel: String
    public var sourceHref: String?
    /// `2026-01-03` for `<time datetime>`.
    public var dateISO: String
    /// "3 days ago", against the render's `now`.
    public var dateText: String
    /// "3 January 2026".
    public var dateLong: String
    /// "7/10"
    public var scoreText: String?
    public var scoreLabel: String?
    /// Plain text, 2–3 sentences.
    public var summary: String
    public var topics: [TopicChip]
    public var entities: [EntityChip]
    public var hasTopics: Bool
    public var hasEntities: Bool
    /// The fingerprint of all the fields above, set once the card is complete.
    var precomputedFingerprint: UInt64?

    enum CodingKeys: String, CodingKey {
        case id, href, title, leadEmoji, leadTopicTitle, sentiment, sourceLabel, sourceHref, dateISO, dateText, dateLong
        case scoreText, scoreLabel, summary, topics, entities, hasTopics, hasEntities
    }

    /// Every field, combined by hand: the same for equal cards, and five times faster than
    /// `Fingerprint(of:)` over a hundred thousand cards. `Self.fingerprintedFields` names
    /// them; a test checks that list against the properties, so a new field is not missed.
    func contentFingerprint() -> Fingerprint {
        var f = Fingerprint()
        func optional(_ s: String?) {
            if let s { f.combine(UInt64(1)); f.combine(s) } else { f.combine(UInt64(0)) }
        }
        f.combine(UInt64(bitPattern: id))
        f.combine(href)
        f.combine(title)
        optional(leadEmoji)
        optional(leadTopicTitle)
        if let sentiment {
            f.combine(UInt64(1))
            f.combine(sentiment.word)
            f.combine(sentiment.symbol)
            f.combine(sentiment.tone)
        } else {
            f.combine(UInt64(0))
        }
        f.combine(sourceLabel)
        optional(sourceHref)
        f.combine(dateISO)
        f.combine(dateText)
        f.combine(dateLong)
        optional(scoreText)
        optional(scoreLabel)
        f.combine(summary)
        f.combine(UInt64(topics.count))
        for topic in topics {
            f.combine(topic.slug)
            f.combine(topic.title)
            f.combine(topic.emoji)
            f.combine(topic.href)
        }
        f.combine(UInt64(entities.count))
        for entity in entities {
            f.combine(entity.slug)
            f.combine(entity.name)
        }
        f.combine(hasTopics ? 1 : 0)
        f.combine(hasEntities ? 1 : 0)
        return f
    }

    /// What `contentFingerprint` combines, property by property (nested ones as `parent.child`).
    static let fingerprintedFields: Set<String> = [
        "id", "href", "title", "leadEmoji", "leadTopicTitle", "sentiment", "sentiment.word", "sentiment.symbol",
        "sentiment.tone", "sourceLabel", "sourceHref", "dateISO", "dateText", "dateLong", "scoreText", "scoreLabel",
        "summary", "topics", "topics.slug", "topics.title", "topics.emoji", "topics.href", "entities", "entities.slug",
        "entities.name", "hasTopics", "hasEntities",
    ]
}

public struct SentimentView: Sendable, Hashable, Encodable {
    /// bullish, neutral, bearish
    public var word: String
    /// ▲ ● ▼: sentiment is never told by colour alone.
    public var symbol: String
    /// `sentiment-bullish`: for colour, on top of word and symbol.
    public var tone: String
}

public struct TopicChip: Sendable, Hashable, Encodable {
    public var slug: String
    public var title: String
    public var emoji: String
    /// `topics/<slug>/index.html`
    public var href: String
}

public struct EntityChip: Sendable, Hashable, Encodable {
    public var slug: String
    public var name: String
}

/// Numbered links between the pages of a long list.
public struct Pagination: Sendable, Hashable, Encodable {
    public struct Entry: Sendable, Hashable, Encodable {
        public var number: Int
        public var href: String
        public var current: Bool
        /// A gap ("…") between distant page numbers.
        public var gap: Bool
    }

    public var label: String
    public var previousPage: PageLink?
    public var nextPage: PageLink?
    public var entries: [Entry]
    /// "Page 2 of 14"
    public var position: String
}
