import Foundation

/// What a fetched body looks like from its first bytes: a feed (and which family) or a web page.
public enum DocumentKind: String, Sendable, Hashable, Codable {
    case rss, rdf, atom, jsonFeed, html, unknown

    /// RSS, RDF, Atom or JSON Feed.
    public var isFeed: Bool {
        switch self {
        case .rss, .rdf, .atom, .jsonFeed: true
        case .html, .unknown: false
        }
    }
}
