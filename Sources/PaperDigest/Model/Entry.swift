import Foundation

/// One entry of a feed as PaperDigest reads it: an RSS item, an Atom entry or a JSON Feed item.
///
/// HTML stays HTML in `summary` and `content`; `summaryText` and `contentText` hold the
/// same as plain text. Absent fields are `nil` or empty, never made up.
public struct Entry: Sendable, Hashable, Codable {
    /// The entry's own identifier: RSS `guid`, Atom `id`, JSON Feed `id`.
    public var id: String?
    /// The entry's main link (alternate), resolved to an absolute URL where possible.
    public var link: String?
    public var title: String?
    /// The summary as the feed gave it (HTML kept as HTML).
    public var summary: String?
    /// The full content as the feed gave it (HTML kept as HTML).
    public var content: String?
    public var authors: [Person]
    public var published: Date?
    public var updated: Date?
    public var categories: [String]
    public var enclosures: [Enclosure]
    /// arXiv specifics, present when the entry is an arXiv paper.
    public var arxiv: ArxivInfo?
    /// Every link the entry carries (Atom `link`, RSS `link` / permalink `guid`, enclosures),
    /// with its relation and media type; `link` is the first `alternate` one.
    public var links: [FeedLink]
    /// Categories with their scheme and label; `categories` holds their terms.
    public var tags: [FeedCategory]
    /// How `title` is written (`text/plain`, `text/html`, `application/xhtml+xml`) and the
    /// base URL in effect for it.
    public var titleDetail: FeedText?
    /// How `summary` is written and the base URL in effect for it.
    public var summaryDetail: FeedText?
    /// How `content` is written and the base URL in effect for it.
    public var contentDetail: FeedText?
    /// Atom 0.3 `created` / `dcterms:created`.
    public var created: Date?

    public init(
        id: String? = nil, link: String? = nil, title: String? = nil,
        summary: String? = nil, content: String? = nil, authors: [Person] = [],
        published: Date? = nil, updated: Date? = nil, categories: [String] = [],
        enclosures: [Enclosure] = [], arxiv: ArxivInfo? = nil,
        links: [FeedLink] = [], tags: [FeedCategory] = [], titleDetail: FeedText? = nil,
        summaryDetail: FeedText? = nil, contentDetail: FeedText? = nil, created: Date? = nil
    ) {
        self.links = links
        self.tags = tags
        self.titleDetail = titleDetail
        self.summaryDetail = summaryDetail
        self.contentDetail = contentDetail
        self.created = created
        self.id = id
        self.link = link
        self.title = title
        self.summary = summary
        self.content = content
        self.authors = authors
        self.published = published
        self.updated = updated
        self.categories = categories
        self.enclosures = enclosures
        self.arxiv = arxiv
    }
}

/// A link with its relation, as Atom describes links (RSS links are `alternate`).
public struct FeedLink: Sendable, Hashable, Codable {
    public var href: String
    /// `alternate`, `self`, `related`, `enclosure`, `license`, `via` or an IRI.
    public var rel: String
    public var type: String?
    public var title: String?
    public var hreflang: String?
    public var length: Int?

    public init(
        href: String, rel: String = "alternate", type: String? = nil, title: String? = nil,
        hreflang: String? = nil, length: Int? = nil
    ) {
        self.href = href
        self.rel = rel
        self.type = type
        self.title = title
        self.hreflang = hreflang
        self.length = length
    }
}

/// A category with the vocabulary it comes from (RSS `domain`, Atom `scheme`).
public struct FeedCategory: Sendable, Hashable, Codable {
    public var term: String
    public var scheme: String?
    public var label: String?

    public init(term: String, scheme: String? = nil, label: String? = nil) {
        self.term = term
        self.scheme = scheme
        self.label = label
    }
}

/// How a piece of feed text is written: its media type, the base URL that relative links in
/// it were resolved against, and its language.
public struct FeedText: Sendable, Hashable, Codable {
    /// `text/plain`, `text/html` or `application/xhtml+xml` (or another media type).
    public var type: String
    public var base: String?
    public var language: String?
    /// For Atom `content src="…"`: where the content lives.
    public var src: String?

    public init(type: String, base: String? = nil, language: String? = nil, src: String? = nil) {
        self.type = type
        self.base = base
        self.language = language
        self.src = src
    }

    /// Whether the text is markup (HTML or XHTML) rather than plain text.
    public var isMarkup: Bool { type == "text/html" || type == "application/xhtml+xml" || type.hasSuffix("html") }

    /// `value` as HTML. Plain text (Atom `type="text"`, JSON Feed `content_text` and
    /// `summary`) is escaped, its line breaks kept as `<br>`, so "a <b> c" reads as written
    /// instead of losing "<b>" to the sanitiser; markup and unknown types pass unchanged.
    public func html(_ value: String) -> String {
        type == "text/plain" ? HTMLText.escaped(value, lineBreaks: true) : value
    }
}

extension Optional where Wrapped == FeedText {
    /// `value` as HTML by this description; a value with none is taken as HTML already.
    func html(_ value: String) -> String { self?.html(value) ?? value }
}

/// An author or contributor.
public struct Person: Sendable, Hashable, Codable {
    public var name: String?
    public var email: String?
    public var uri: String?

    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }
}

/// A file attached to an entry (RSS `enclosure`, Atom `link rel="enclosure"`, JSON Feed attachment).
public struct Enclosure: Sendable, Hashable, Codable {
    public var url: String
    public var type: String?
    public var length: Int?

    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}

/// What arXiv says about a paper beyond the generic feed fields.
public struct ArxivInfo: Sendable, Hashable, Codable {
    /// The arXiv identifier without version: `2401.01234` or `hep-ex/0307015`.
    public var id: String
    /// The version number (`3` for `v3`), when the feed names one.
    public var version: Int?
    /// `new`, `cross`, `replace` or `replace-cross` (RSS announce type).
    public var announceType: String?
    /// The primary category first, when known.
    public var categories: [String]
    public var doi: String?
    public var journalReference: String?
    public var comment: String?
    /// The abstract as plain text, taken from the `Abstract:` part of the description.
    public var abstract: String?

    public init(
        id: String, version: Int? = nil, announceType: String? = nil, categories: [String] = [],
        doi: String? = nil, journalReference: String? = nil, comment: String? = nil,
        abstract: String? = nil
    ) {
        self.id = id
        self.version = version
        self.announceType = announceType
        self.categories = categories
        self.doi = doi
        self.journalReference = journalReference
        self.comment = comment
        self.abstract = abstract
    }
}
