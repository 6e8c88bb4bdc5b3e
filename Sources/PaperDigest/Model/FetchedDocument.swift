import Foundation

/// A body PaperDigest fetched, ready for the parser.
public struct FetchedDocument: Sendable, Hashable {
    public var body: Data
    /// The `Content-Type` header, verbatim (e.g. `application/rss+xml; charset=utf-8`).
    public var contentType: String?
    /// The URL that finally answered (after redirects): the base for relative links.
    public var url: String
    /// What the first bytes look like; `.html` means a web page came instead of a feed.
    public var kind: DocumentKind

    public init(body: Data, contentType: String?, url: String, kind: DocumentKind) {
        self.body = body
        self.contentType = contentType
        self.url = url
        self.kind = kind
    }
}
