import Foundation

/// Everything PaperDigest read from one feed document.
public struct ParsedFeed: Sendable, Hashable, Codable {
    /// `rss20`, `rss10`, `rss09x`, `atom10`, `atom03`, `json1`.
    public var format: String
    public var title: String?
    public var link: String?
    public var subtitle: String?
    public var entries: [Entry]
    /// Problems met and recovered from (the document was not well-formed, a date did not
    /// parse, the charset lied). An empty list means a clean document.
    public var warnings: [String]
    /// The feed's own identifier (Atom `id`).
    public var id: String?
    /// Every feed-level link with its relation (`self`, `alternate`, …).
    public var links: [FeedLink]
    /// Feed-level authors (RSS `managingEditor`, `dc:creator`; Atom `author`).
    public var authors: [Person]
    public var tags: [FeedCategory]
    public var published: Date?
    public var updated: Date?
    public var created: Date?
    /// Atom 0.3 `info`: a note on the feed itself.
    public var info: String?
    public var titleDetail: FeedText?
    public var subtitleDetail: FeedText?
    public var infoDetail: FeedText?
    /// The feed's language (`language`, `dc:language`, `xml:lang`).
    public var language: String?
    /// The character encoding the document was read in, lower-case (`utf-8`, `windows-1252`).
    public var encoding: String?

    public init(
        format: String, title: String? = nil, link: String? = nil, subtitle: String? = nil,
        entries: [Entry] = [], warnings: [String] = [],
        id: String? = nil, links: [FeedLink] = [], authors: [Person] = [], tags: [FeedCategory] = [],
        published: Date? = nil, updated: Date? = nil, created: Date? = nil, info: String? = nil,
        titleDetail: FeedText? = nil, subtitleDetail: FeedText? = nil, infoDetail: FeedText? = nil,
        language: String? = nil, encoding: String? = nil
    ) {
        self.id = id
        self.links = links
        self.authors = authors
        self.tags = tags
        self.published = published
        self.updated = updated
        self.created = created
        self.info = info
        self.titleDetail = titleDetail
        self.subtitleDetail = subtitleDetail
        self.infoDetail = infoDetail
        self.language = language
        self.encoding = encoding
        self.format = format
        self.title = title
        self.link = link
        self.subtitle = subtitle
        self.entries = entries
        self.warnings = warnings
    }
}
