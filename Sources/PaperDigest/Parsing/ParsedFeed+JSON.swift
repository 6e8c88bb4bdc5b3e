import Foundation

extension ParsedFeed {
    /// The feed as the JSON `paperdigest parse --json` prints: title, link, entries (id, link,
    /// title, summary, content, authors, published, updated, categories, enclosures, arxiv) and
    /// warnings. Dates are ISO-8601 in UTC; absent fields are left out.
    public func jsonData(prettyPrinted: Bool = false) -> Data {
        var root: [String: Any] = [:]
        root["title"] = title
        root["link"] = link
        root["entries"] = entries.map { $0.jsonObject }
        root["warnings"] = warnings
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if prettyPrinted { options.insert(.prettyPrinted) }
        return (try? JSONSerialization.data(withJSONObject: root, options: options)) ?? Data("{}".utf8)
    }

    /// `jsonData()` as a string.
    public func jsonString(prettyPrinted: Bool = false) -> String {
        String(decoding: jsonData(prettyPrinted: prettyPrinted), as: UTF8.self)
    }
}

extension Entry {
    var jsonObject: [String: Any] {
        var o: [String: Any] = [:]
        o["id"] = id
        o["link"] = link
        o["title"] = title
        o["summary"] = summary
        o["content"] = content
        if !authors.isEmpty { o["authors"] = authors.map { p -> [String: Any] in
            var a: [String: Any] = [:]
            a["name"] = p.name
            a["email"] = p.email
            a["uri"] = p.uri
            return a
        } }
        o["published"] = published.map(ISO8601UTC.string)
        o["updated"] = updated.map(ISO8601UTC.string)
        if !categories.isEmpty { o["categories"] = categories }
        if !enclosures.isEmpty { o["enclosures"] = enclosures.map { e -> [String: Any] in
            var a: [String: Any] = ["url": e.url]
            a["type"] = e.type
            a["length"] = e.length
            return a
        } }
        if let x = arxiv {
            var a: [String: Any] = ["id": x.id]
            a["version"] = x.version
            a["announce_type"] = x.announceType
            if !x.categories.isEmpty { a["categories"] = x.categories }
            a["doi"] = x.doi
            a["journal_ref"] = x.journalReference
            a["comment"] = x.comment
            o["arxiv"] = a
        }
        return o
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` without a formatter.
enum ISO8601UTC {
    static func string(_ date: Date) -> String {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        var days = t / 86400
        var secs = t % 86400
        if secs < 0 { secs += 86400; days -= 1 }
        // civil_from_days
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secs / 3600, 2)):\(pad(secs % 3600 / 60, 2)):\(pad(secs % 60, 2))Z"
    }
}
