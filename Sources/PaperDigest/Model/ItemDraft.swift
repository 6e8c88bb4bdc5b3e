import Foundation

/// One paper or post as the store step writes it: an `Entry` reduced to what PaperDigest
/// keeps, with its canonical key decided.
public struct ItemDraft: Sendable, Hashable {
    /// The identity of the paper across feeds; see `ItemKey`.
    public var key: ItemKey
    public var arxivID: String?
    public var arxivVersion: Int?
    public var doi: String?
    public var url: String?
    /// Plain text.
    public var title: String
    public var authors: [String]
    /// Sanitised later, at render time; stored as the feed gave it.
    public var summaryHTML: String?
    /// The abstract or summary as plain text.
    public var summaryText: String?
    public var contentHTML: String?
    /// The primary category first.
    public var categories: [String]
    public var journalReference: String?
    public var comment: String?
    public var published: Date?
    public var updated: Date?
    /// The feed's own identifier for the entry (GUID / Atom id).
    public var guid: String?
    /// arXiv announce type as the feed said it: new, cross, replace, replace-cross.
    public var announceType: String?

    public init(
        key: ItemKey, arxivID: String? = nil, arxivVersion: Int? = nil, doi: String? = nil,
        url: String? = nil, title: String, authors: [String] = [], summaryHTML: String? = nil,
        summaryText: String? = nil, contentHTML: String? = nil, categories: [String] = [],
        journalReference: String? = nil, comment: String? = nil, published: Date? = nil,
        updated: Date? = nil, guid: String? = nil, announceType: String? = nil
    ) {
        self.key = key
        self.arxivID = arxivID
        self.arxivVersion = arxivVersion
        self.doi = doi
        self.url = url
        self.title = title
        self.authors = authors
        self.summaryHTML = summaryHTML
        self.summaryText = summaryText
        self.contentHTML = contentHTML
        self.categories = categories
        self.journalReference = journalReference
        self.comment = comment
        self.published = published
        self.updated = updated
        self.guid = guid
        self.announceType = announceType
    }
}

extension ItemDraft {
    /// Reduces a parsed entry to what the store keeps.
    ///
    /// - Parameters:
    ///   - entry: the entry as the parser read it.
    ///   - plainText: turns feed HTML into plain text (the parser's `HTMLText.plainText`).
    /// - Returns: `nil` when the entry has nothing to identify it (no id, no link, no title).
    public init?(entry: Entry, plainText: (String) -> String) {
        let arxivID = entry.arxiv?.id ?? entry.link.flatMap(ItemKey.arxivID(inURL:))
        let doi = entry.arxiv?.doi.flatMap(ItemKey.normalizedDOI)
        guard let key = ItemKey.make(arxivID: arxivID, doi: doi, guid: entry.id, url: entry.link)
        else { return nil }
        let title = entry.title.map { plainText(entry.titleDetail.html($0)) } ?? ""
        let summaryHTML = entry.summary.map(entry.summaryDetail.html)
        let summaryText = entry.arxiv?.abstract ?? summaryHTML.map(plainText)
        self.init(
            key: key,
            arxivID: arxivID,
            arxivVersion: entry.arxiv?.version,
            doi: doi,
            url: entry.link,
            title: title.isEmpty ? (entry.link ?? entry.id ?? "(untitled)") : title,
            authors: entry.authors.compactMap { $0.name }.filter { !$0.isEmpty },
            summaryHTML: summaryHTML,
            summaryText: (summaryText?.isEmpty ?? true) ? nil : summaryText,
            contentHTML: entry.content.map(entry.contentDetail.html),
            categories: entry.arxiv.map { $0.categories.isEmpty ? entry.categories : $0.categories }
                ?? entry.categories,
            journalReference: entry.arxiv?.journalReference,
            comment: entry.arxiv?.comment,
            published: entry.published ?? entry.updated,
            updated: entry.updated,
            guid: entry.id,
            announceType: entry.arxiv?.announceType
        )
    }
}
