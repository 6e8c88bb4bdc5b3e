/// What every page's layout shows: titles, where the page sits, the navigation.
///
/// Links in page models are relative to the site's root; templates put `frame.root`
/// (`""`, `"../"`, …) in front, so the site works from `file://` and under any path.
public struct PageFrame: Sendable, Hashable, Encodable {
    public var siteTitle: String
    /// The page's own title (`<h1>` and the first part of `<title>`).
    public var title: String
    public var description: String
    /// From this page to the site's root: `""`, `"../"`, `"../../"`.
    public var root: String
    /// This page's absolute address, from the configured base URL; `nil` for a page that
    /// has none (the 404 page, shown at whatever address was missing).
    public var canonicalURL: String?
    public var nav: [NavLink]
    /// Feeds offered in `<link rel="alternate">`.
    public var feeds: [AlternateLink]
    /// Asks search engines not to index the page.
    public var noIndex: Bool = false
}

public struct NavLink: Sendable, Hashable, Encodable {
    public var label: String
    public var href: String
    public var current: Bool
}

public struct AlternateLink: Sendable, Hashable, Encodable {
    public var title: String
    public var href: String
    /// `application/rss+xml`, `application/atom+xml`, `application/feed+json`.
    public var type: String
}

/// A link to another page of the site: `href` relative to the root.
public struct PageLink: Sendable, Hashable, Encodable {
    public var label: String
    public var href: String
}
