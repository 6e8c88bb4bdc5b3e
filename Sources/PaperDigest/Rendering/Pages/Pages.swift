/// A day's or a week's items: the best mechanistic-interpretability papers first, then the rest.
public struct DigestBody: Sendable, Hashable, Encodable {
    public var heading: String
    /// "42 items · 9 tagged #mechanistic-interpretability"
    public var countLine: String
    public var highlights: [CardView]
    public var others: [CardView]
    public var previousDigest: PageLink?
    public var nextDigest: PageLink?
    /// For a day: its week. For a week: its days.
    public var related: [PageLink]
    public var relatedLabel: String
}

/// `index.html`: today's digest.
public struct IndexPage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var digest: DigestBody
    public var recentDigests: [PageLink]
    public var topTopics: [TopicSummary]
}

/// `digests/YYYY-MM-DD.html` and `digests/YYYY-Www.html`.
public struct DigestPage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var digest: DigestBody
}

/// `digests/index.html`: every digest, newest first.
public struct DigestArchivePage: Sendable, Hashable, Encodable {
    public struct Week: Sendable, Hashable, Encodable {
        public var link: PageLink
        public var count: Int
        public var days: [Day]
    }
    public struct Day: Sendable, Hashable, Encodable {
        public var link: PageLink
        public var count: Int
    }
    public var frame: PageFrame
    public var weeks: [Week]
}

public struct TopicSummary: Sendable, Hashable, Encodable {
    public var slug: String
    public var title: String
    public var emoji: String
    public var description: String
    public var count: Int
    public var countText: String
    public var href: String
    public var feedHref: String
    public var atomHref: String
}

/// `topics/index.html`
public struct TopicsIndexPage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var topicList: [TopicSummary]
}

/// `topics/<slug>/index.html`, `topics/<slug>/page/N/index.html`
public struct TopicPage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var topic: TopicSummary
    /// "N articles tagged with #slug"
    public var countLine: String
    public var cards: [CardView]
    public var pagination: Pagination?
}

/// A source and how its fetching goes.
public struct SourceHealthView: Sendable, Hashable, Encodable {
    public var slug: String
    public var title: String
    public var kind: String
    public var href: String
    public var feedURL: String
    public var siteURL: String?
    public var lastFetchISO: String?
    public var lastFetchText: String
    public var statusText: String
    /// `status-ok`, `status-failing`, `status-disabled`, `status-never`
    public var statusTone: String
    /// ✓ ✗ ⏸ –
    public var statusSymbol: String
    public var failures: Int
    public var itemCount: Int
    public var lastError: String?
}

/// `sources/index.html`
public struct SourcesIndexPage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var sourceList: [SourceHealthView]
    public var opmlHref: String
}

/// `sources/<slug>/index.html`, `sources/<slug>/page/N/index.html`
public struct SourcePage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var source: SourceHealthView
    public var countLine: String
    public var cards: [CardView]
    public var pagination: Pagination?
}

/// `items/<id>.html`
public struct ItemPage: Sendable, Hashable, Encodable {
    public struct ExternalLink: Sendable, Hashable, Encodable {
        public var label: String
        public var url: String
    }
    public struct Explanation: Sendable, Hashable, Encodable {
        public var heading: String
        public var lines: [String]
    }
    public struct RelatedItem: Sendable, Hashable, Encodable {
        public var href: String
        public var title: String
        public var dateISO: String
        public var dateText: String
        /// "0.82"
        public var similarity: String
    }
    public struct Probability: Sendable, Hashable, Encodable {
        public var word: String
        public var percent: String
    }

    public var frame: PageFrame
    public var card: CardView
    public var authorLine: String?
    public var categoryList: [String]
    public var links: [ExternalLink]
    /// Sanitised HTML of a post's summary, from `HTMLSanitizer`.
    public var abstractHTML: String?
    /// The abstract as plain text, when there is no HTML to show.
    public var abstractText: String?
    /// Sanitised HTML of a post's full content.
    public var contentHTML: String?
    public var comment: String?
    public var journalReference: String?
    public var versionText: String?
    public var seenIn: [PageLink]
    public var explanations: [Explanation]
    public var probabilities: [Probability]
    public var classifiedWith: String?
    public var relatedItems: [RelatedItem]
}

/// `analytics.html`
public struct AnalyticsPage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var totals: [Total]
    public var charts: [ChartView]

    public struct Total: Sendable, Hashable, Encodable {
        public var label: String
        public var value: String
    }
}

/// `404.html`, which static hosts show for a missing address: links go from the site's
/// root path (`frame.root` is `/` or `/digest/`), since the page is shown at any depth.
public struct NotFoundPage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var links: [PageLink]
}

/// `search.html`
public struct SearchPage: Sendable, Hashable, Encodable {
    public var frame: PageFrame
    public var indexHref: String
    public var scriptIndexHref: String
    public var itemCount: Int
}
