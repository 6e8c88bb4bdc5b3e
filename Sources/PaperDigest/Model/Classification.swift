import Foundation

/// What the classify step read in one paper or post: topic tags, sentiment, score, an
/// extractive summary, entity tags, and why.
public struct Classification: Sendable, Hashable, Codable {
    /// Good or bad news for the field (see `Data/LABELING.md`).
    public enum Sentiment: String, Sendable, Hashable, Codable, CaseIterable {
        case bullish, neutral, bearish
    }

    /// A topic tag with the classifier's confidence in it (0…1).
    public struct Tag: Sendable, Hashable, Codable {
        public var slug: String
        public var confidence: Double

        public init(slug: String, confidence: Double) {
            self.slug = slug
            self.confidence = confidence
        }
    }

    /// Topic tags, the field's own tag first, then most confident first. Empty for
    /// papers outside the field.
    public var tags: [Tag]
    public var sentiment: Sentiment
    /// The sentiment head's probability for each of the three words; they sum to 1.
    public var sentimentProbabilities: [String: Double]
    /// How much the field will care, 1…10.
    public var score: Int
    /// The probability that the text belongs to the field (the `mechanistic-interpretability`
    /// tag's confidence); the digest is gated on it.
    public var relevance: Double
    /// Two or three whole sentences of the text (at most 60 words), in the text's order.
    public var summary: String
    /// Entity slugs (labs, models), in the order of `Feeds/entities.yml`.
    public var entities: [String]
    public var explanation: Explanation
    /// The version of `Data/heads.json` that made this classification.
    public var headsVersion: String

    public init(
        tags: [Tag], sentiment: Sentiment, sentimentProbabilities: [String: Double], score: Int,
        relevance: Double, summary: String, entities: [String], explanation: Explanation, headsVersion: String
    ) {
        self.tags = tags
        self.sentiment = sentiment
        self.sentimentProbabilities = sentimentProbabilities
        self.score = score
        self.relevance = relevance
        self.summary = summary
        self.entities = entities
        self.explanation = explanation
        self.headsVersion = headsVersion
    }

    /// Whether the text is tagged with the field (`mechanistic-interpretability`).
    public var isInField: Bool { tags.contains { $0.slug == Topic.fieldSlug } }
}

/// Why a classification came out as it did, kept beside it (`classifications.explanation`).
public struct Explanation: Sendable, Hashable, Codable {
    /// A phrase of `Feeds/topics.yml` found in the text.
    public struct PhraseHit: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable { case strong, weak, negative }
        public var topic: String
        public var kind: Kind
        public var phrase: String
        public var count: Int

        public init(topic: String, kind: Kind, phrase: String, count: Int) {
            self.topic = topic
            self.kind = kind
            self.phrase = phrase
            self.count = count
        }
    }

    /// A hand-labelled example close to the text in embedding space.
    public struct Neighbour: Sendable, Hashable, Codable {
        /// arXiv id or URL.
        public var id: String
        public var title: String
        /// Cosine similarity of the two embeddings.
        public var similarity: Double
        public var sentiment: String
        public var score: Int
        public var tags: [String]

        public init(id: String, title: String, similarity: Double, sentiment: String, score: Int, tags: [String]) {
            self.id = id
            self.title = title
            self.similarity = similarity
            self.sentiment = sentiment
            self.score = score
            self.tags = tags
        }
    }

    /// What pushed one head's output: the largest terms of its linear score.
    public struct HeadContributions: Sendable, Hashable, Codable {
        public struct Term: Sendable, Hashable, Codable {
            /// A rule feature's name (`phrase:steering:strong`, `cue:bearish:attack`) or
            /// `embedding` for the sum over the 384 embedding dimensions.
            public var feature: String
            public var contribution: Double

            public init(feature: String, contribution: Double) {
                self.feature = feature
                self.contribution = contribution
            }
        }

        /// `sentiment:bearish`, `score`, `tag:steering`.
        public var head: String
        public var bias: Double
        public var terms: [Term]

        public init(head: String, bias: Double, terms: [Term]) {
            self.head = head
            self.bias = bias
            self.terms = terms
        }
    }

    public var phrases: [PhraseHit]
    /// Sentiment cue words found (`bearish:attack`).
    public var cues: [String]
    /// How each tag was decided, one line per tag considered.
    public var rules: [String]
    public var neighbours: [Neighbour]
    public var heads: [HeadContributions]

    public init(
        phrases: [PhraseHit] = [], cues: [String] = [], rules: [String] = [], neighbours: [Neighbour] = [],
        heads: [HeadContributions] = []
    ) {
        self.phrases = phrases
        self.cues = cues
        self.rules = rules
        self.neighbours = neighbours
        self.heads = heads
    }
}
