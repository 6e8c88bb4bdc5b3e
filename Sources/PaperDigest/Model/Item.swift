import Foundation

/// Everything the site shows of one item on its own page: the card, plus authors, links,
/// the abstract and the classification's explanation.
public struct Item: Sendable, Hashable, Encodable {
    public var card: ItemCard
    public var arxivVersion: Int?
    public var doi: String?
    public var authors: [String]
    /// The abstract or summary as plain text.
    public var summaryText: String?
    /// The summary as the feed gave it: third-party HTML, to be sanitised before a page shows it.
    public var summaryHTML: String?
    /// The full content as the feed gave it: third-party HTML, to be sanitised.
    public var contentHTML: String?
    public var journalReference: String?
    public var comment: String?
    public var updated: Date?
    public var firstSeen: Date
    /// Every source that carried the item.
    public var sources: [SourceRef]
    /// `classifications.explanation` as stored (JSON), when the heads gave one.
    public var explanationJSON: String?
    /// Sentiment probabilities by word (`bullish`, `neutral`, `bearish`).
    public var sentimentProbabilities: [String: Double]

    public init(
        card: ItemCard, arxivVersion: Int? = nil, doi: String? = nil, authors: [String] = [],
        summaryText: String? = nil, summaryHTML: String? = nil, contentHTML: String? = nil,
        journalReference: String? = nil, comment: String? = nil, updated: Date? = nil, firstSeen: Date,
        sources: [SourceRef] = [], explanationJSON: String? = nil, sentimentProbabilities: [String: Double] = [:]
    ) {
        self.card = card
        self.arxivVersion = arxivVersion
        self.doi = doi
        self.authors = authors
        self.summaryText = summaryText
        self.summaryHTML = summaryHTML
        self.contentHTML = contentHTML
        self.journalReference = journalReference
        self.comment = comment
        self.updated = updated
        self.firstSeen = firstSeen
        self.sources = sources
        self.explanationJSON = explanationJSON
        self.sentimentProbabilities = sentimentProbabilities
    }
}
