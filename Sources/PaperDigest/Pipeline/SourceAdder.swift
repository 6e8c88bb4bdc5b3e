import Foundation
import Logging

/// Turns a URL a person gives into a source to follow: the feed itself, or the feed a web
/// page names with `<link rel="alternate">`, checked by fetching and parsing it once.
public struct SourceAdder: Sendable {
    public var client: HTTPClient
    public var parser: FeedParser
    public var logger: Logger

    public init(settings: Settings, logger: Logger) {
        self.client = .live(HTTPClient.Configuration(deadline: settings.fetch.timeout, maxBodyBytes: settings.fetch.maxBodyBytes))
        self.parser = FeedParser()
        self.logger = logger
    }

    public init(client: HTTPClient, parser: FeedParser = FeedParser(), logger: Logger) {
        self.client = client
        self.parser = parser
        self.logger = logger
    }

    /// The source `url` leads to.
    ///
    /// - Throws: `PaperDigestError` when the URL cannot be fetched, or is a page that names
    ///   no feed, or the feed does not parse.
    public func resolve(_ url: String, kind: Source.Kind? = nil, title: String? = nil, politeness: Double? = nil)
        async throws -> Source
    {
        guard HTTPClient.isHTTPURL(url) else {
            throw PaperDigestError(.configuration, "not an http(s) URL", at: url)
        }
        let feeds = try await FeedDiscovery(client: client).discover(url)
        guard let feed = feeds.first(where: { $0.type.contains("atom") }) ?? feeds.first else {
            throw PaperDigestError(.fetch, "the page names no feed (no <link rel=\"alternate\"> to RSS, Atom or JSON Feed)", at: url)
        }
        let result = try await client.get(feed.url)
        guard (200..<300).contains(result.response.status) else {
            throw PaperDigestError(.fetch, "HTTP \(result.response.status)", at: feed.url)
        }
        let parsed = try parser.parse(result.response.body, url: result.response.url, contentType: result.response.contentType)
        let feedURL = result.permanentURL ?? feed.url
        let host = URLComponents(string: feedURL)?.host ?? ""
        let resolvedKind = kind ?? (host.hasSuffix("arxiv.org") ? .arxiv : .blog)
        let name = title ?? parsed.title.map(HTMLText.plainText).flatMap { $0.isEmpty ? nil : $0 } ?? feed.title ?? host
        return Source(
            url: feedURL, title: name, kind: resolvedKind, siteURL: parsed.link ?? (feedURL == url ? nil : url),
            politenessDelay: politeness ?? (resolvedKind == .arxiv ? 3 : nil))
    }
}
