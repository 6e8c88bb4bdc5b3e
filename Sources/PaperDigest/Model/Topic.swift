import Foundation

/// A tag of the taxonomy in `Feeds/topics.yml`: what a topic is called and the phrases that
/// mark it in a title or abstract.
///
/// One `strong` phrase is enough to tag; `weak` phrases need two, or one and the heads'
/// vote; a `negative` phrase means another field and suppresses the phrase rule.
public struct Topic: Sendable, Hashable, Codable {
    public var slug: String
    public var title: String
    public var emoji: String
    public var description: String
    public var strong: [String]
    public var weak: [String]
    public var negative: [String]

    public init(
        slug: String, title: String, emoji: String = "", description: String = "",
        strong: [String] = [], weak: [String] = [], negative: [String] = []
    ) {
        self.slug = slug
        self.title = title
        self.emoji = emoji
        self.description = description
        self.strong = strong
        self.weak = weak
        self.negative = negative
    }

    /// The topic every other one implies: the field PaperDigest follows.
    public static let fieldSlug = "mechanistic-interpretability"

    /// The least relevance (the classifier's confidence in the field's tag) of an item in
    /// the field: the field's tag decision, whose confidence is at least 0.5 when tagged and
    /// below when not.
    public static let fieldRelevanceThreshold = 0.5
}
