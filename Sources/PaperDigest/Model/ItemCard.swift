import Foundation

/// What a page needs to show one paper or post in a list: the item's identity and dates,
/// the source that carried it, and the newest classification when there is one.
public struct ItemCard: Sendable, Hashable, Encodable {
    public var id: Int64
    /// Plain text.
    public var title: String
    /// The item's own page on its source (arXiv abs page, the lab's post).
    public var url: String?
    public var arxivID: String?
    /// arXiv categories or feed categories, the primary one first.
    public var categories: [String]
    /// When the item was published, or first seen when the feed gave no date.
    public var date: Date
    /// The start of the abstract as plain text, for items not classified yet.
    public var abstractLead: String?
    /// The source that carried the item first.
    public var source: SourceRef?
    /// The newest classification, `nil` until the classify step has read the item.
    public var classification: StoredClassification?

    public init(
        id: Int64, title: String, url: String? = nil, arxivID: String? = nil, categories: [String] = [],
        date: Date, abstractLead: String? = nil, source: SourceRef? = nil,
        classification: StoredClassification? = nil
    ) {
        self.id = id
        self.title = title
        self.url = url
        self.arxivID = arxivID
        self.categories = categories
        self.date = date
        self.abstractLead = abstractLead
        self.source = source
        self.classification = classification
    }

    /// Whether the classification tagged the item with `slug`.
    public func isTagged(_ slug: String) -> Bool {
        classification?.tags.contains { $0.slug == slug } ?? false
    }

    /// Whether the item belongs to the field the site follows: its relevance reaches
    /// `Topic.fieldRelevanceThreshold`, or, for a classification stored without relevance,
    /// it carries the field's tag. Unclassified items are not in it.
    public var isInField: Bool {
        guard let classification else { return false }
        if let relevance = classification.relevance { return relevance >= Topic.fieldRelevanceThreshold }
        return isTagged(Topic.fieldSlug)
    }

    /// The relevance to sort by: stored, or 1 / 0 from the field's tag.
    var fieldRelevance: Double {
        classification?.relevance ?? (isTagged(Topic.fieldSlug) ? 1 : 0)
    }
}

/// A source as an item names it: enough to label a card and link to the source's page.
public struct SourceRef: Sendable, Hashable, Encodable {
    public var id: Int64
    public var slug: String
    public var title: String
    public var kind: Source.Kind

    public init(id: Int64, slug: String, title: String, kind: Source.Kind) {
        self.id = id
        self.slug = slug
        self.title = title
        self.kind = kind
    }
}
