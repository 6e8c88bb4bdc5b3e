import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The followed sources as an OPML 2.0 document (`Feeds/sources.opml`), importable into any
/// feed reader. PaperDigest's per-source options are outline attributes: `kind` (arxiv, lab,
/// blog, news), `politeness` (seconds between requests to the host), `enabled`, `slug`.
public struct SourceList: Sendable, Hashable {
    public var title: String
    public var sources: [Source]

    public init(title: String = "PaperDigest sources", sources: [Source] = []) {
        self.title = title
        self.sources = sources
    }

    // MARK: - Reading

    /// Reads an OPML file. Nested outlines are flattened; outlines without `xmlUrl` are folders.
    ///
    /// - Throws: `PaperDigestError` naming the file and the line of the first problem.
    public static func read(from path: String) throws -> SourceList {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PaperDigestError(.configuration, "cannot read the sources file", at: path)
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String = "sources.opml") throws -> SourceList {
        let delegate = OPMLReader(path: path)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        if !parser.parse() {
            let reason = delegate.problem ?? parser.parserError.map { "not well-formed OPML (\($0.localizedDescription))" } ?? "not well-formed OPML"
            throw PaperDigestError(.configuration, reason, at: "\(path): line \(parser.lineNumber)")
        }
        if let problem = delegate.problem {
            throw PaperDigestError(.configuration, problem, at: path)
        }
        guard delegate.sawOPML else {
            throw PaperDigestError(.configuration, "not an OPML document (no <opml> element)", at: path)
        }
        guard delegate.closedOPML else {
            throw PaperDigestError(.configuration, "the OPML document ends early (no </opml>)", at: path)
        }
        return SourceList(title: delegate.title ?? "PaperDigest sources", sources: delegate.sources)
    }

    // MARK: - Writing

    /// The list as an OPML 2.0 document.
    public func opml(now: Date = Date()) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<opml version=\"2.0\">",
            "  <head>",
            "    <title>\(Self.escape(title))</title>",
            "    <dateModified>\(SiteDate.rfc822(now))</dateModified>",
            "  </head>",
            "  <body>",
        ]
        for kind in Source.Kind.allCases {
            let group = sources.filter { $0.kind == kind }
            guard !group.isEmpty else { continue }
            lines.append("    <outline text=\"\(kind.groupTitle)\">")
            for source in group {
                var attributes = [
                    ("type", "rss"), ("text", source.title), ("title", source.title), ("xmlUrl", source.url),
                ]
                if let site = source.siteURL { attributes.append(("htmlUrl", site)) }
                attributes.append(("kind", source.kind.rawValue))
                if source.slug != Source.slug(for: source.title) { attributes.append(("slug", source.slug)) }
                if let delay = source.politenessDelay { attributes.append(("politeness", Self.number(delay))) }
                if !source.isEnabled { attributes.append(("enabled", "false")) }
                let rendered = attributes.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: " ")
                lines.append("      <outline \(rendered)/>")
            }
            lines.append("    </outline>")
        }
        lines += ["  </body>", "</opml>", ""]
        return lines.joined(separator: "\n")
    }

    /// Writes the list atomically, so a crash never leaves half a file.
    public func write(to path: String, now: Date = Date()) throws {
        do {
            try Data(opml(now: now).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PaperDigestError(.configuration, "cannot write the sources file", at: path, underlying: error)
        }
    }

    // MARK: - Editing

    /// Adds a source, or replaces the one with the same URL.
    public mutating func add(_ source: Source) {
        if let index = sources.firstIndex(where: { $0.url == source.url }) {
            sources[index] = source
        } else {
            sources.append(source)
        }
    }

    /// Removes the sources whose URL, slug or title is `name`; returns what was removed.
    @discardableResult
    public mutating func remove(_ name: String) -> [Source] {
        let removed = sources.filter { $0.url == name || $0.slug == name || $0.title == name }
        sources.removeAll { $0.url == name || $0.slug == name || $0.title == name }
        return removed
    }

    // MARK: - Helpers

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

}

extension Source.Kind {
    var groupTitle: String {
        switch self {
        case .arxiv: "arXiv"
        case .lab: "Labs"
        case .blog: "Blogs"
        case .news: "News"
        }
    }
}

private final class OPMLReader: NSObject, XMLParserDelegate {
    let path: String
    var sources: [Source] = []
    var title: String?
    var sawOPML = false
    var closedOPML = false
    var problem: String?
    private var inTitle = false
    private var titleText = ""
    private var folderKinds: [Source.Kind?] = []

    init(path: String) { self.path = path }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "opml": sawOPML = true
        case "title": inTitle = true
        case "outline":
            guard let url = attributes["xmlUrl"] ?? attributes["xmlurl"] else {
                folderKinds.append(attributes["kind"].flatMap(Source.Kind.init(rawValue:)))
                return
            }
            folderKinds.append(nil)
            let line = parser.lineNumber
            guard let components = URLComponents(string: url), let scheme = components.scheme,
                ["http", "https", "file"].contains(scheme.lowercased())
            else {
                problem = problem ?? "line \(line): xmlUrl \"\(url)\" is not an http(s) URL"
                return
            }
            let kindName = attributes["kind"]
            var kind = kindName.flatMap(Source.Kind.init(rawValue:)) ?? folderKinds.compactMap { $0 }.last
            if kindName != nil, kind == nil || Source.Kind(rawValue: kindName!) == nil {
                problem = problem ?? "line \(line): kind \"\(kindName!)\" is not one of arxiv, lab, blog, news"
                return
            }
            if kind == nil { kind = (components.host ?? "").hasSuffix("arxiv.org") ? .arxiv : .blog }
            var delay: Double?
            if let text = attributes["politeness"] {
                guard let value = Double(text), value >= 0 else {
                    problem = problem ?? "line \(line): politeness \"\(text)\" is not a number of seconds"
                    return
                }
                delay = value
            }
            let title = attributes["title"] ?? attributes["text"] ?? components.host ?? url
            sources.append(Source(
                url: url, title: title, kind: kind!, siteURL: attributes["htmlUrl"],
                slug: attributes["slug"], politenessDelay: delay,
                isEnabled: attributes["enabled"].map { $0.lowercased() != "false" } ?? true))
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "opml" {
            closedOPML = true
        } else if name == "title", inTitle {
            inTitle = false
            title = titleText
        } else if name == "outline" {
            _ = folderKinds.popLast()
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { titleText += string }
    }
}
