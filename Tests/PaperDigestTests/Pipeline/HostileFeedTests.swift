import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import PaperDigest

/// The XSS corpora in feed titles, summaries, content, authors and links, through the built
/// `paperdigest fetch` and `render` (no classification, so it takes seconds): every page of
/// the site is read as markup, with entities decoded, for what a browser would run or load.
///
/// A fast guard only: `Scripts/check-feed-xss.sh` loads the same pages in Chromium with the
/// XSS oracle's hooks and DOM checks, and classifies the items too.
@Suite(.serialized) struct HostileFeedTests {
    static let sources = [
        ("hostile-rss", "hostile-rss.xml"), ("hostile-atom-html", "hostile-atom-html.xml"),
        ("hostile-atom-text", "hostile-atom-text.xml"), ("hostile-json", "hostile-feed.json"),
    ]

    /// Elements the templates themselves put in `<main>`: the search form, and the charts.
    static let templateElements: [String: Set<String>] = [
        "search.html": ["form", "noscript"], "analytics.html": ["svg", "title"], "404.html": ["form"],
    ]

    @Test func payloadsInEveryFeedFieldReachNoPageAsMarkupOrLink() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: BuiltExecutable.paperdigest.path),
                     "build the executable first: swift build (looked for \(BuiltExecutable.paperdigest.path))")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        let feeds = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = try Self.makeFeeds(in: feeds)

        let server = try LocalHTTPServer()
        defer { server.stop() }
        server.serveDirectory(feeds, at: "/feeds/")
        var list = SourceList()
        for (slug, file) in Self.sources {
            list.add(Source(url: server.url("/feeds/" + file), title: slug, kind: .blog, slug: slug, politenessDelay: 0))
        }
        try list.write(to: folder.appendingPathComponent("sources.opml").path)
        let config = try RunSettings.write(in: folder, baseURL: "https://digest.example.org/").path

        let fetch = try await BuiltExecutable.run(["fetch", "--config", config])
        try #require(fetch.status == 0, "fetch exited \(fetch.status): \(fetch.standardOutput) \(fetch.standardError)")
        let render = try await BuiltExecutable.run(["render", "--config", config])
        try #require(render.status == 0, "render exited \(render.status): \(render.standardOutput) \(render.standardError)")
        let database = try AppDatabase.open(path: folder.appendingPathComponent("paperdigest.sqlite").path)
        #expect(try database.value("SELECT COUNT(*) FROM items") == generated)

        let site = folder.appendingPathComponent("site")
        let files = FileManager.default.enumerator(atPath: site.path)?.allObjects as? [String] ?? []
        let pages = files.filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.filter { $0.hasPrefix("items/") }.count == generated)
        var problems: [String] = []
        for path in pages {
            let html = try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
            problems += MarkupScan.problems(in: html, allowing: Self.templateElements[path] ?? []).map { "\(path): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.count) problems, e.g.:\n\(problems.prefix(20).joined(separator: "\n"))")

        for feed in files.filter({ $0.hasSuffix(".xml") && !$0.hasPrefix("sitemap") }) + ["feed.json"] {
            let data = try Data(contentsOf: site.appendingPathComponent(feed))
            if feed.hasSuffix(".xml") {
                #expect((try? XMLDocument(data: data)) != nil, "\(feed) is not well-formed XML")
            } else {
                #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(feed) is not JSON")
            }
            let text = String(decoding: data, as: UTF8.self).lowercased()
            for scheme in ["javascript:", "vbscript:", "data:text"] {
                let linked = text.contains("href=\"\(scheme)") || text.contains("\"external_url\" : \"\(scheme)")
                #expect(!linked, "\(feed) republishes a \(scheme) address")
            }
        }
    }

    /// Runs `Scripts/make_hostile_feeds.py` over the three corpora; returns how many items it wrote.
    static func makeFeeds(in folder: URL) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let xss = SharedFiles.shared.appendingPathComponent("tools/xss")
        process.arguments = [
            "python3", SharedFiles.packageRoot.appendingPathComponent("Scripts/make_hostile_feeds.py").path,
            xss.appendingPathComponent("html5lib-sanitizer.json").path, xss.appendingPathComponent("bleach-regressions.json").path,
            SharedFiles.packageRoot.appendingPathComponent("Scripts/xss-extra-vectors.json").path, "--out", folder.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "make_hostile_feeds.py failed")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        return ((manifest as? [String: Any])?["items"] as? [Any])?.count ?? 0
    }
}

/// What a browser would run or load in a page, found in its markup: elements that run or
/// load code, event-handler attributes, and addresses whose scheme (after entities are
/// decoded and the characters browsers ignore are removed) is `javascript:`, `vbscript:` or
/// a `data:` document, inside the page's `<main>` (where everything from feeds goes).
enum MarkupScan {
    static let dangerousElements: Set<String> = [
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "form",
        "svg", "math", "template", "portal", "noscript", "textarea", "plaintext", "xmp", "title", "noembed",
    ]
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset", "ping",
        "codebase", "longdesc", "manifest", "icon", "lowsrc", "dynsrc",
    ]

    /// - Parameter allowed: elements the page's own template puts in `<main>`.
    static func problems(in html: String, allowing allowed: Set<String> = []) -> [String] {
        var problems: [String] = []
        let body = html.range(of: "<body>").map { String(html[$0.upperBound...]) } ?? html
        guard let mainStart = body.range(of: "<main id=\"main\" class=\"wrap\">"),
            let mainEnd = body.range(of: "</main>", options: .backwards), mainStart.upperBound <= mainEnd.lowerBound
        else { return ["no <main>"] }
        if !body[mainEnd.upperBound...].contains("<footer class=\"site-footer\">") { problems.append("no footer after <main>") }
        let main = String(body[mainStart.upperBound..<mainEnd.lowerBound])
        for tag in tags(in: main) {
            if dangerousElements.contains(tag.name), !allowed.contains(tag.name) { problems.append("<\(tag.name)>") }
            for (name, value) in tag.attributes {
                if name.hasPrefix("on") { problems.append("<\(tag.name) \(name)=…>") }
                if name == "srcdoc" || (name == "style" && value.lowercased().contains("expression")) {
                    problems.append("<\(tag.name) \(name)=…>")
                }
                if urlAttributes.contains(name), let scheme = unsafeScheme(value) {
                    problems.append("<\(tag.name) \(name)=\"\(scheme)…\">")
                }
            }
        }
        return problems
    }

    struct Tag {
        var name: String
        var attributes: [(String, String)]
    }

    /// Start tags, as an HTML tokenizer reads them (text is escaped, so every `<` followed by
    /// a letter starts one).
    static func tags(in html: String) -> [Tag] {
        var tags: [Tag] = []
        let characters = Array(html)
        var i = 0
        while i < characters.count {
            guard characters[i] == "<", i + 1 < characters.count, characters[i + 1].isLetter else { i += 1; continue }
            var j = i + 1
            var name = ""
            while j < characters.count, !characters[j].isWhitespace, characters[j] != ">", characters[j] != "/" {
                name.append(characters[j]); j += 1
            }
            var attributes: [(String, String)] = []
            while j < characters.count, characters[j] != ">" {
                if characters[j].isWhitespace || characters[j] == "/" { j += 1; continue }
                var attribute = ""
                while j < characters.count, !characters[j].isWhitespace, !"=>/".contains(characters[j]) {
                    attribute.append(characters[j]); j += 1
                }
                while j < characters.count, characters[j].isWhitespace { j += 1 }
                var value = ""
                if j < characters.count, characters[j] == "=" {
                    j += 1
                    while j < characters.count, characters[j].isWhitespace { j += 1 }
                    if j < characters.count, characters[j] == "\"" || characters[j] == "'" {
                        let quote = characters[j]
                        j += 1
                        while j < characters.count, characters[j] != quote { value.append(characters[j]); j += 1 }
                        j += 1
                    } else {
                        while j < characters.count, !characters[j].isWhitespace, characters[j] != ">" { value.append(characters[j]); j += 1 }
                    }
                }
                if attribute.isEmpty { j += 1 } else { attributes.append((attribute.lowercased(), decodeEntities(value))) }
            }
            tags.append(Tag(name: name.lowercased(), attributes: attributes))
            i = j
        }
        return tags
    }

    /// The scheme of `url` when it runs script or opens a document.
    static func unsafeScheme(_ url: String) -> String? {
        // Browsers strip leading C0 controls and spaces and drop tabs and newlines anywhere.
        let cleaned = String(url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        for scheme in ["javascript:", "vbscript:"] where cleaned.hasPrefix(scheme) { return scheme }
        if cleaned.hasPrefix("data:"), !cleaned.hasPrefix("data:image/png"), !cleaned.hasPrefix("data:image/gif"),
            !cleaned.hasPrefix("data:image/jpeg"), !cleaned.hasPrefix("data:image/webp")
        {
            return "data:"
        }
        return nil
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n",
        "sol": "/", "lpar": "(", "rpar": ")", "period": ".", "comma": ",", "nbsp": "\u{A0}",
    ]

    /// Decodes numeric references and the named ones that matter in an address.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            guard characters[i] == "&", let end = characters[i...].prefix(12).firstIndex(of: ";") else {
                out.append(characters[i]); i += 1; continue
            }
            let body = String(characters[(i + 1)..<end])
            var decoded: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if body.hasPrefix("#") {
                decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                decoded = namedEntities[body.lowercased()]
            }
            if let decoded {
                out += decoded
                i = end + 1
            } else {
                out.append(characters[i]); i += 1
            }
        }
        return out
    }
}
