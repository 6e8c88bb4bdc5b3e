import Foundation

/// Reads JSON Feed 1.0 / 1.1 (jsonfeed.org) into the same model as the XML formats.
enum JSONFeedReader {
    static func read(_ data: Data, base: String?, location: String?) throws -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw PaperDigestError(.parse, "not a feed: invalid JSON", at: location, underlying: error)
        }
        guard let root = object as? [String: Any] else {
            throw PaperDigestError(.parse, "not a feed: JSON is not an object", at: location)
        }
        let version = root["version"] as? String ?? ""
        guard version.contains("jsonfeed.org") || root["items"] is [Any] else {
            throw PaperDigestError(.parse, "not a feed: JSON without a JSON Feed version or items", at: location)
        }
        var feed = ParsedFeed(format: version.hasSuffix("1.1") ? "json11" : "json1")
        feed.title = root["title"] as? String
        if let home = root["home_page_url"] as? String {
            feed.link = URLResolver.resolve(home, against: base)
            feed.links.append(FeedLink(href: feed.link!, rel: "alternate", type: "text/html"))
        }
        if let self_ = root["feed_url"] as? String {
            feed.links.append(FeedLink(href: URLResolver.resolve(self_, against: base), rel: "self", type: "application/feed+json"))
        }
        feed.subtitle = root["description"] as? String
        feed.language = root["language"] as? String
        feed.authors = people(root)
        for case let item as [String: Any] in root["items"] as? [Any] ?? [] {
            var e = Entry()
            if let id = item["id"] { e.id = (id as? String) ?? "\(id)" }
            if let url = item["url"] as? String {
                e.link = URLResolver.resolve(url, against: base)
                e.links.append(FeedLink(href: e.link!, rel: "alternate", type: "text/html"))
            }
            if let ext = item["external_url"] as? String {
                e.links.append(FeedLink(href: URLResolver.resolve(ext, against: base), rel: "related"))
            }
            e.title = item["title"] as? String
            if let html = item["content_html"] as? String {
                e.content = html
                e.contentDetail = FeedText(type: "text/html", base: base)
            } else if let text = item["content_text"] as? String {
                e.content = text
                e.contentDetail = FeedText(type: "text/plain", base: base)
            }
            if let summary = item["summary"] as? String {
                e.summary = summary
                e.summaryDetail = FeedText(type: "text/plain", base: base)
            }
            e.published = (item["date_published"] as? String).flatMap(FeedDate.parse)
            e.updated = (item["date_modified"] as? String).flatMap(FeedDate.parse)
            e.authors = people(item)
            if e.authors.isEmpty { e.authors = feed.authors }
            for case let tag as String in item["tags"] as? [Any] ?? [] {
                e.categories.append(tag)
                e.tags.append(FeedCategory(term: tag))
            }
            for case let a as [String: Any] in item["attachments"] as? [Any] ?? [] {
                guard let url = a["url"] as? String else { continue }
                let href = URLResolver.resolve(url, against: base)
                let length = (a["size_in_bytes"] as? NSNumber)?.intValue
                e.enclosures.append(Enclosure(url: href, type: a["mime_type"] as? String, length: length))
                e.links.append(FeedLink(href: href, rel: "enclosure", type: a["mime_type"] as? String, length: length))
            }
            ArxivExtractor.enrich(&e, raw: ArxivExtractor.Raw())
            feed.entries.append(e)
        }
        return feed
    }

    private static func people(_ object: [String: Any]) -> [Person] {
        var list: [[String: Any]] = []
        if let authors = object["authors"] as? [[String: Any]] { list = authors } else if let author = object["author"] as? [String: Any] { list = [author] }
        return list.compactMap { a in
            let p = Person(name: a["name"] as? String, uri: a["url"] as? String)
            return p.name == nil && p.uri == nil ? nil : p
        }
    }
}
