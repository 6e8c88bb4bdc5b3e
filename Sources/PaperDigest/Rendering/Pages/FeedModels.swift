/// An RSS 2.0 / Atom 1.0 feed as `feeds/rss` and `feeds/atom` write it. Every address is
/// absolute; dates are RFC 822 for RSS and RFC 3339 for Atom.
public struct FeedModel: Sendable, Hashable, Encodable {
    public var title: String
    public var description: String
    public var siteURL: String
    public var rssURL: String
    public var atomURL: String
    /// The newest entry's date (not the render time, so an unchanged feed keeps its bytes).
    public var updatedRFC822: String
    public var updatedRFC3339: String
    public var generator: String
    public var entries: [FeedEntry]
}

public struct FeedEntry: Sendable, Hashable, Encodable {
    /// The item's permalink on the site: also its GUID / Atom id, stable across renders.
    public var link: String
    /// The paper or post on its own site.
    public var originalURL: String?
    public var title: String
    public var summary: String
    public var publishedRFC822: String
    public var publishedRFC3339: String
    public var updatedRFC3339: String
    public var authors: [String]
    public var categories: [FeedEntryCategory]
}

public struct FeedEntryCategory: Sendable, Hashable, Encodable {
    /// `sentiment`, `score`, `topic`, `entity`
    public var domain: String
    public var term: String
    public var label: String
    public var scheme: String
}

/// `sitemap.xml`: a URL set, or an index of URL sets past 50,000 addresses.
public struct SitemapModel: Sendable, Hashable, Encodable {
    public struct Entry: Sendable, Hashable, Encodable {
        public var loc: String
        public var lastmod: String?
    }
    public var entries: [Entry]
}

/// `sources.opml`: the followed sources, importable into any feed reader.
public struct OPMLModel: Sendable, Hashable, Encodable {
    public struct Outline: Sendable, Hashable, Encodable {
        public var title: String
        public var xmlURL: String
        public var htmlURL: String?
        public var kind: String
    }
    public var title: String
    public var outlines: [Outline]
}

/// `robots.txt`
public struct RobotsModel: Sendable, Hashable, Encodable {
    public var sitemapURL: String
}
