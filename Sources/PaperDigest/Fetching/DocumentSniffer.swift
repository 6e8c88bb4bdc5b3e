import Foundation

/// Tells a feed from a web page by its first bytes, with the Content-Type as a hint only.
public enum DocumentSniffer {
    /// What `body` looks like: RSS, RDF, Atom, JSON Feed, HTML or unknown.
    /// - Parameters:
    ///   - body: The document (only the first 2 KiB or so are read).
    ///   - contentType: The `Content-Type` header, used when the bytes say nothing.
    public static func kind(of body: Data, contentType: String? = nil) -> DocumentKind {
        let head = String(decoding: body.prefix(2048), as: UTF8.self)
        let lowered = head.lowercased()
        let start = lowered.drop { $0 == "\u{FEFF}" || $0.isWhitespace }

        if start.hasPrefix("{") {
            return lowered.contains("jsonfeed.org/version") ? .jsonFeed : .unknown
        }
        // Skip the XML declaration, comments, processing instructions and doctype to the
        // first element.
        var rest = Substring(start)
        while true {
            let isProlog = rest.hasPrefix("<?") || rest.hasPrefix("<!--")
                || (rest.hasPrefix("<!") && !rest.hasPrefix("<!doctype html"))
            if isProlog {
                let closer = rest.hasPrefix("<!--") ? "-->" : ">"
                guard let end = rest.range(of: closer) else { break }
                rest = rest[end.upperBound...].drop { $0.isWhitespace }
            } else {
                break
            }
        }
        if rest.hasPrefix("<!doctype html") || rest.hasPrefix("<html") { return .html }
        if rest.hasPrefix("<rss") { return .rss }
        if rest.hasPrefix("<feed") { return .atom }
        if rest.hasPrefix("<rdf:rdf") || rest.hasPrefix("<rdf") { return .rdf }
        if rest.hasPrefix("<") {
            // A prefixed root (`<atom:feed>`) or an HTML fragment.
            let name = rest.dropFirst().prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
            if name.hasSuffix(":feed") { return .atom }
            if name.hasSuffix(":rss") { return .rss }
            if ["head", "body", "meta", "title", "div", "p"].contains(String(name)) { return .html }
        }
        let type = contentType?.lowercased() ?? ""
        if type.contains("rss") { return .rss }
        if type.contains("atom") { return .atom }
        if type.contains("rdf") { return .rdf }
        if type.contains("feed+json") { return .jsonFeed }
        if type.contains("html") { return .html }
        return .unknown
    }
}
