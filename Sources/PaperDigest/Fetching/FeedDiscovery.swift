import CLibXML2
import Foundation

/// Finds the feeds a web page advertises, for `paperdigest sources add URL` of a page.
public struct FeedDiscovery: Sendable {
    /// A feed a page links to.
    public struct Feed: Sendable, Hashable {
        /// Absolute URL.
        public var url: String
        /// `application/rss+xml`, `application/atom+xml`, `application/feed+json`…
        public var type: String
        /// The link's `title`, when it has one.
        public var title: String?

        public init(url: String, type: String, title: String? = nil) {
            self.url = url
            self.type = type
            self.title = title
        }
    }

    public var client: HTTPClient

    public init(client: HTTPClient = .live()) {
        self.client = client
    }

    /// Fetches `url` and returns the feeds it is or links to.
    ///
    /// A feed URL returns itself; a web page returns its `<link rel="alternate">` feeds
    /// (possibly none).
    /// - Throws: `PaperDigestError` (step `.fetch`) when the page cannot be fetched or the
    ///   server answers with an error status.
    public func discover(_ url: String) async throws -> [Feed] {
        let result = try await client.get(url)
        let response = result.response
        guard (200..<300).contains(response.status) else {
            throw PaperDigestError(.fetch, "HTTP \(response.statusDescription)", at: url)
        }
        let kind = DocumentSniffer.kind(of: response.body, contentType: response.contentType)
        if kind.isFeed {
            return [Feed(url: result.permanentURL ?? url, type: FeedDiscovery.mediaType(of: kind), title: nil)]
        }
        return FeedDiscovery.feeds(inHTML: response.body, baseURL: response.url)
    }

    /// The feeds an HTML page links to with `<link rel="alternate" type=… href=…>`, in page
    /// order, relative hrefs resolved against `<base href>` or `baseURL`, duplicates dropped.
    /// - Parameters:
    ///   - html: The page's bytes (any encoding libxml2 detects; broken markup is tolerated).
    ///   - baseURL: The URL the page came from.
    public static func feeds(inHTML html: Data, baseURL: String) -> [Feed] {
        _ = libxml2Initialized
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOBLANKS.rawValue)
        let parsed: htmlDocPtr? = html.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return nil }
            return htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), baseURL, nil, options)
        }
        guard let document = parsed else { return [] }
        defer { xmlFreeDoc(document) }

        var links: [(rel: String, type: String, href: String, title: String?)] = []
        var base = baseURL
        var pending: [xmlNodePtr] = []
        if let root = xmlDocGetRootElement(document) { pending.append(root) }
        while let node = pending.popLast() {
            if node.pointee.type == XML_ELEMENT_NODE {
                let name = String(cString: node.pointee.name).lowercased()
                if name == "base", let href = attribute("href", of: node),
                   let resolved = HTTPClient.resolve(href, against: baseURL)
                {
                    base = resolved
                } else if name == "link", let href = attribute("href", of: node) {
                    links.append((attribute("rel", of: node) ?? "", attribute("type", of: node) ?? "", href,
                                  attribute("title", of: node)))
                }
            }
            // Push children in reverse so they pop in document order.
            var children: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                children.append(current)
                child = current.pointee.next
            }
            pending.append(contentsOf: children.reversed())
        }

        var feeds: [Feed] = []
        for link in links {
            let rels = link.rel.lowercased().split(whereSeparator: \.isWhitespace)
            guard rels.contains("alternate") || rels.contains("feed") else { continue }
            let type = link.type.lowercased().split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? ""
            guard feedMediaTypes.contains(type) else { continue }
            guard let url = HTTPClient.resolve(link.href, against: base), !feeds.contains(where: { $0.url == url })
            else { continue }
            let title = link.title?.trimmingCharacters(in: .whitespacesAndNewlines)
            feeds.append(Feed(url: url, type: type, title: title?.isEmpty == false ? title : nil))
        }
        return feeds
    }

    static let feedMediaTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml",
        "application/json+feed",
    ]

    static func mediaType(of kind: DocumentKind) -> String {
        switch kind {
        case .rss: "application/rss+xml"
        case .atom: "application/atom+xml"
        case .rdf: "application/rdf+xml"
        case .jsonFeed: "application/feed+json"
        case .html: "text/html"
        case .unknown: "application/octet-stream"
        }
    }

    private static let libxml2Initialized: Void = xmlInitParser()

    /// The attribute's value, read in place (no libxml2 allocation to free).
    private static func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        var property = node.pointee.properties
        while let current = property {
            if let attributeName = current.pointee.name,
               String(cString: attributeName).caseInsensitiveCompare(name) == .orderedSame
            {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content { value += String(cString: content) }
                    child = text.pointee.next
                }
                return value
            }
            property = current.pointee.next
        }
        return nil
    }
}
