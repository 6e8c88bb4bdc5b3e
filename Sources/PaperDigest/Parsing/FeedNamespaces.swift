/// The namespaces a feed element can live in, mapped to the short prefixes feedparser uses,
/// so `<r:description xmlns:r="http://backend.userland.com/rss2">` and `<description>` read alike.
enum FeedNamespaces {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let xlink = "http://www.w3.org/1999/xlink"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// Namespace URIs whose elements are read as core feed elements (no prefix).
    static let core: Set<String> = [
        "", "http://backend.userland.com/rss", "http://backend.userland.com/rss2",
        "http://blogs.law.harvard.edu/tech/rss", rss10, rss090, atom03, atom10,
        "http://example.com/newformat#", "http://example.com/necho", "http://purl.org/echo/",
        "uri/of/echo/namespace#", "http://purl.org/pie/", "http://purl.org/rss/1.0/modules/rss091#",
    ]

    static let prefixes: [String: String] = [
        "http://purl.org/dc/elements/1.1/": "dc",
        "http://purl.org/dc/terms/": "dcterms",
        "http://purl.org/rss/1.0/modules/content/": "content",
        rdf: "rdf",
        xhtml: "xhtml",
        "http://search.yahoo.com/mrss/": "media",
        "http://search.yahoo.com/mrss": "media",
        "http://arxiv.org/schemas/atom": "arxiv",
        "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
        "http://example.com/DTDs/PodCast-1.0.dtd": "itunes",
        "http://purl.org/rss/1.0/modules/slash/": "slash",
        "http://wellformedweb.org/CommentAPI/": "wfw",
        "http://webns.net/mvcb/": "admin",
        "http://a9.com/-/spec/opensearch/1.1/": "opensearch",
        "http://purl.org/rss/1.0/modules/syndication/": "sy",
        "http://purl.org/rss/1.0/modules/taxonomy/": "taxo",
        "http://www.georss.org/georss": "georss",
        "http://purl.org/syndication/thread/1.0": "thr",
        "http://www.w3.org/2000/svg": "svg",
        "http://www.w3.org/1998/Math/MathML": "mathml",
        xlink: "xlink",
        xml: "xml",
    ]

    /// The name an element is dispatched on: `title`, `dc:creator`, `content:encoded`, …
    static func qualifiedName(local: String, uri: String?, prefix: String?) -> String {
        guard let uri, !uri.isEmpty else {
            if let prefix, !prefix.isEmpty { return prefix + ":" + local }
            return local
        }
        if core.contains(uri) { return local }
        if let p = prefixes[uri] { return p + ":" + local }
        if uri.hasPrefix("http://backend.userland.com/rss") { return local }
        let p = prefix ?? "ns"
        return p + ":" + local
    }
}
