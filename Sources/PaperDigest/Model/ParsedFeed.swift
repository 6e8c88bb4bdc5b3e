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

    public init(
        format: String, title: String? = nil, link: String? = nil, subtitle: String? = nil,
        entries: [Entry] = [], warnings: [String] = []
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.subtitle = subtitle
        self.entries = entries
        self.warnings = warnings
    }
}
