import Foundation
@testable import PaperDigest

extension SharedFiles {
    static let conformance = shared.appendingPathComponent("conformance")
    static let knownFailures = packageRoot.appendingPathComponent("Tests/PaperDigestTests/Parsing/ConformanceKnownFailures.md")

    /// The entries of the known-failures file under `## <section>`: the quoted key of each `- ` line.
    static func knownFailures(section: String) -> [String: String] {
        guard let text = try? String(contentsOf: knownFailures, encoding: .utf8) else { return [:] }
        var result: [String: String] = [:]
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inSection = String(line.dropFirst(3)).trimmingWhitespace() == section; continue }
            guard inSection, line.hasPrefix("- `") else { continue }
            let rest = line.dropFirst(3)
            guard let close = rest.firstIndex(of: "`") else { continue }
            let key = String(rest[..<close])
            let reason = rest[rest.index(after: close)...].drop(while: { $0 == " " || $0 == "—" || $0 == "-" || $0 == ":" })
            result[key] = String(reason)
        }
        return result
    }
}

/// The parse result seen through feedparser's names, so feedparser's expectations can be
/// checked against it: `feed.title_detail.type`, `entries[0].links[1].href`, `bozo`, …
enum FeedparserView {
    static func make(_ feed: ParsedFeed) -> [String: Any] {
        var f: [String: Any] = [:]
        f["title"] = feed.title
        f["title_detail"] = detail(feed.title, feed.titleDetail)
        f["link"] = feed.link
        f["links"] = feed.links.map(link)
        if let s = feed.subtitle {
            f["subtitle"] = s; f["description"] = s; f["tagline"] = s
            let d = detail(s, feed.subtitleDetail)
            f["subtitle_detail"] = d; f["tagline_detail"] = d; f["description_detail"] = d
        }
        f["info"] = feed.info
        f["info_detail"] = detail(feed.info, feed.infoDetail)
        f["id"] = feed.id
        addPeople(feed.authors, to: &f)
        addTags(feed.tags, to: &f)
        addDates(published: feed.published, updated: feed.updated, created: feed.created, to: &f)
        f["language"] = feed.language

        var entries: [[String: Any]] = []
        for e in feed.entries {
            var d: [String: Any] = [:]
            d["id"] = e.id
            d["link"] = e.link
            d["guidislink"] = e.link != nil && e.link == e.id && !e.links.contains { $0.rel == "alternate" }
            d["links"] = e.links.map(link)
            d["title"] = e.title
            d["title_detail"] = detail(e.title, e.titleDetail)
            if let s = e.summary {
                d["summary"] = s; d["description"] = s
                d["summary_detail"] = detail(s, e.summaryDetail)
            }
            if let c = e.content {
                var cd = detail(c, e.contentDetail) ?? [:]
                if let src = e.contentDetail?.src { cd["src"] = src }
                d["content"] = [cd]
            }
            addPeople(e.authors, to: &d)
            addTags(e.tags, to: &d)
            d["enclosures"] = e.enclosures.map { enc -> [String: Any] in
                var x: [String: Any] = ["href": enc.url, "url": enc.url]
                x["type"] = enc.type
                x["length"] = enc.length.map(String.init)
                return x
            }
            addDates(published: e.published, updated: e.updated, created: e.created, to: &d)
            entries.append(d)
        }
        return [
            "bozo": !feed.warnings.isEmpty, "feed": f, "entries": entries, "version": feed.format,
            "encoding": feed.encoding ?? "",
        ]
    }

    private static func detail(_ value: String?, _ d: FeedText?) -> [String: Any]? {
        guard let value else { return nil }
        var x: [String: Any] = ["value": value]
        x["type"] = d?.type
        x["base"] = d?.base ?? ""
        x["language"] = d?.language
        return x
    }

    private static func link(_ l: FeedLink) -> [String: Any] {
        var x: [String: Any] = ["href": l.href, "rel": l.rel]
        x["type"] = l.type
        x["title"] = l.title
        x["hreflang"] = l.hreflang
        x["length"] = l.length.map(String.init)
        return x
    }

    private static func person(_ p: Person) -> [String: Any] {
        var x: [String: Any] = [:]
        x["name"] = p.name
        x["email"] = p.email
        x["href"] = p.uri
        x["url"] = p.uri
        return x
    }

    private static func addPeople(_ people: [Person], to d: inout [String: Any]) {
        guard let first = people.first else { return }
        d["authors"] = people.map(person)
        d["author_detail"] = person(first)
        var s = first.name ?? ""
        if let email = first.email { s = s.isEmpty ? email : s + " (" + email + ")" }
        d["author"] = s
    }

    private static func addTags(_ tags: [FeedCategory], to d: inout [String: Any]) {
        guard !tags.isEmpty else { return }
        d["tags"] = tags.map { t -> [String: Any] in
            var x: [String: Any] = ["term": t.term]
            x["scheme"] = t.scheme
            x["label"] = t.label
            return x
        }
        d["category"] = tags[0].term
    }

    private static func addDates(published: Date?, updated: Date?, created: Date?, to d: inout [String: Any]) {
        if let published { d["published"] = DateValue(date: published); d["published_parsed"] = DateValue(date: published) }
        if let updated { d["updated"] = DateValue(date: updated); d["updated_parsed"] = DateValue(date: updated) }
        if let created { d["created"] = DateValue(date: created); d["created_parsed"] = DateValue(date: created) }
    }

    /// A date, compared with feedparser's raw strings by parsing them and with its tuples by ISO text.
    struct DateValue { var date: Date }

    // MARK: - Evaluating assertions

    /// The value at a feedparser path such as `entries[0].links[1].href` (nil when absent).
    static func value(at path: String, in root: [String: Any]) -> Any? {
        // "a.b|c": the last component has alternatives.
        if let bar = path.firstIndex(of: "|") {
            let head = path[..<bar]
            let alternatives = path[path.index(after: bar)...].split(separator: "|")
            let prefix = head.contains(".") ? String(head[..<head.lastIndex(of: ".")!]) + "." : ""
            for candidate in [String(head)] + alternatives.map({ prefix + $0 }) {
                if let v = value(at: candidate, in: root) { return v }
            }
            return nil
        }
        var current: Any? = root
        for component in path.split(separator: ".") {
            var name = Substring(component)
            var indexes: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                indexes.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) ?? -1, at: 0)
                name = name[..<open]
            }
            guard let dict = current as? [String: Any] else { return nil }
            current = dict[String(name)]
            for i in indexes {
                guard let array = current as? [Any], i >= 0, i < array.count else { return nil }
                current = array[i]
            }
        }
        return current
    }

    static func isTruthy(_ v: Any?) -> Bool {
        switch v {
        case nil: return false
        case let b as Bool: return b
        case let s as String: return !s.isEmpty
        case let a as [Any]: return !a.isEmpty
        case let d as [String: Any]: return !d.isEmpty
        case let n as Int: return n != 0
        default: return true
        }
    }

    static func equals(_ actual: Any?, _ expected: Any?, assertion: [String: Any]) -> Bool {
        switch (actual, expected) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false
        case let (d as DateValue, e as String):
            return FeedDate.parse(e).map { abs($0.timeIntervalSince(d.date)) < 1 } ?? false
        case let (d as DateValue, _):
            if let iso = assertion["value_iso"] as? String { return ISO8601UTC.string(d.date) == iso }
            return false
        case let (a as String, e as String): return a == e
        case let (a as Bool, e as Bool): return a == e
        case let (a as Int, e as Int): return a == e
        case let (a as String, e as Int): return a == String(e)
        case let (a as [String: Any], e as [String: Any]):
            // feedparser's dicts answer to aliases ("url" for "href"); extra alias keys do not count.
            let keys = Set(a.keys).subtracting(["url"]).union(e.keys)
            return keys.allSatisfy { k in equals(a[k], e[k], assertion: [:]) }
        case let (a as [Any], e as [Any]):
            return a.count == e.count && zip(a, e).allSatisfy { equals($0, $1, assertion: [:]) }
        default:
            return false
        }
    }

    /// Whether one translated assertion holds.
    static func check(_ assertion: [String: Any], root: [String: Any]) -> Bool {
        let op = assertion["op"] as? String ?? ""
        if op == "any_of" {
            let alternatives = assertion["alternatives"] as? [[[String: Any]]] ?? []
            return alternatives.contains { group in group.allSatisfy { check($0, root: root) } }
        }
        let path = (assertion["canonical_path"] as? String) ?? (assertion["path"] as? String) ?? ""
        let actual = value(at: path, in: root) ?? (assertion["canonical_path"] != nil ? value(at: assertion["path"] as? String ?? "", in: root) : nil)
        let expected = assertion["value"]
        switch op {
        case "eq": return equals(actual, expected, assertion: assertion)
        case "ne": return !equals(actual, expected, assertion: assertion)
        case "truthy": return isTruthy(actual)
        case "falsy": return !isTruthy(actual)
        case "absent": return actual == nil
        case "present": return actual != nil
        case "len_eq":
            if let a = actual as? [Any] { return a.count == expected as? Int }
            if let s = actual as? String { return s.count == expected as? Int }
            return false
        case "eq_path":
            let other = value(at: expected as? String ?? "", in: root)
            return equals(actual, other, assertion: assertion)
        case "isinstance": return actual != nil
        default: return false
        }
    }
}
