import Foundation

/// A followed feed, as listed in `Feeds/sources.opml` and kept in the `sources` table.
public struct Source: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case arxiv, lab, blog, news
    }

    /// The feed's address.
    public var url: String
    public var title: String
    public var kind: Kind
    /// The site the feed belongs to, when known.
    public var siteURL: String?
    /// A short stable name used in page paths (`sources/<slug>/`).
    public var slug: String
    /// Minimum seconds between two requests to this source's host (arXiv: 3).
    public var politenessDelay: Double?
    /// Whether the nightly run fetches it.
    public var isEnabled: Bool

    public init(
        url: String, title: String, kind: Kind, siteURL: String? = nil, slug: String? = nil,
        politenessDelay: Double? = nil, isEnabled: Bool = true
    ) {
        self.url = url
        self.title = title
        self.kind = kind
        self.siteURL = siteURL
        self.slug = slug ?? Source.slug(for: title)
        self.politenessDelay = politenessDelay
        self.isEnabled = isEnabled
    }

    /// Lower-case ASCII letters and digits joined by single hyphens: `"Google DeepMind"` → `google-deepmind`.
    public static func slug(for text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "source" : slug
    }
}
