import Foundation

/// The newest row of `classifications` for an item, as the site shows it.
public struct StoredClassification: Sendable, Hashable, Encodable {
    public enum Sentiment: String, Sendable, Hashable, CaseIterable, Encodable {
        case bullish, neutral, bearish
    }

    /// A topic tag with the heads' confidence in it (0…1).
    public struct Tag: Sendable, Hashable, Encodable {
        public var slug: String
        public var confidence: Double

        public init(slug: String, confidence: Double) {
            self.slug = slug
            self.confidence = confidence
        }
    }

    public var headsVersion: String
    /// `nil` when the stored word is not one of the three the site knows.
    public var sentiment: Sentiment?
    /// 1…10.
    public var score: Int
    /// The 2–3 sentence extractive summary, plain text.
    public var summary: String
    /// Most confident first.
    public var tags: [Tag]
    /// Entity slugs (labs, models).
    public var entities: [String]
    /// The heads' confidence (0…1) that the item belongs to the field, tagged or not;
    /// `nil` for rows stored before it was kept.
    public var relevance: Double?
    public var classifiedAt: Date

    public init(
        headsVersion: String, sentiment: Sentiment?, score: Int, summary: String, tags: [Tag],
        entities: [String], relevance: Double? = nil, classifiedAt: Date
    ) {
        self.headsVersion = headsVersion
        self.sentiment = sentiment
        self.score = score
        self.summary = summary
        self.tags = tags
        self.entities = entities
        self.relevance = relevance
        self.classifiedAt = classifiedAt
    }
}
