import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GRDB
import Testing
@testable import PaperDigest

/// The nightly job as cron runs it: the built `paperdigest run` executable over every real
/// capture in `../shared/fixtures/feeds/`, served by a real HTTP server on 127.0.0.1, with a
/// sources file and settings of its own, the real encoder and `Data/heads.json`. Checks what
/// the database holds and what the site and its feeds show, then runs again.
///
/// What the captures determine (titles, ids, counts) is checked exactly; what the model
/// decides (tags, sentiment, score, which sentences summarise) is checked as properties and
/// for agreement between the database and every place that shows it.
@Suite(.serialized) struct EndToEndTests {
    static let baseURL = "https://digest.example.org/"
    static let field = "mechanistic-interpretability"

    /// One capture as the sources file follows it.
    struct Capture {
        var path: String
        var title: String
        var slug: String
        var kind: String
        /// `<item>` / `<entry>` elements in the capture: each one paper or post.
        var entries: Int
    }

    static let captures: [Capture] = [
        Capture(path: "arxiv/rss2-combined-cs.LG+cs.AI+cs.CL+stat.ML.xml", title: "arXiv cs.LG + cs.AI + cs.CL + stat.ML",
                slug: "arxiv", kind: "arxiv", entries: 4),
        Capture(path: "arxiv/api-query-cat-cs.CL.xml", title: "arXiv API: cs.CL", slug: "arxiv-api", kind: "arxiv", entries: 3),
        Capture(path: "arxiv/legacy-rss1-rdf-hep-ex-2018.xml", title: "arXiv hep-ex (RSS 1.0, 2018)", slug: "arxiv-hep-ex",
                kind: "arxiv", entries: 3),
        Capture(path: "arxiv/legacy-api-query-2021.xml", title: "arXiv API (2021)", slug: "arxiv-api-2021", kind: "arxiv",
                entries: 2),
        Capture(path: "blogs/transformer-circuits-atom.xml", title: "Transformer Circuits", slug: "transformer-circuits",
                kind: "lab", entries: 55),
        Capture(path: "blogs/deepmind-blog-rss.xml", title: "Google DeepMind", slug: "google-deepmind", kind: "lab", entries: 100),
        Capture(path: "blogs/mirror-anthropic-news.xml", title: "Anthropic News", slug: "anthropic-news", kind: "lab", entries: 255),
        Capture(path: "blogs/mirror-openai-research.xml", title: "OpenAI Research", slug: "openai-research", kind: "lab",
                entries: 194),
        Capture(path: "blogs/mirror-goodfire.xml", title: "Goodfire", slug: "goodfire", kind: "lab", entries: 38),
        Capture(path: "blogs/mirror-far-ai.xml", title: "FAR.AI", slug: "far-ai", kind: "blog", entries: 58),
    ]
    static var itemCount: Int { captures.reduce(0) { $0 + $1.entries } }

    /// Every arXiv paper the four arXiv captures hold, with its latest version.
    static let arxivPapers: [String: Int] = [
        "2609.26811": 1, "2609.26820": 1, "2205.06398": 2, "2009.13987": 3,  // RSS 2.0
        "2609.28471": 1, "2609.28449": 1, "2609.28442": 1,  // export API
        "1805.08875": 1, "1805.09166": 1, "1805.06430": 2,  // RSS 1.0 (RDF), undated
        "1510.05980": 1, "1602.05902": 1,  // 2021 export API
    ]

    // MARK: - The run

    /// A folder with `paperdigest.yml`, `sources.opml`, the database and the site, and the
    /// server the sources point at.
    struct RunFolder {
        let folder: URL
        let server: LocalHTTPServer
        var config: URL { folder.appendingPathComponent("paperdigest.yml") }
        var databasePath: String { folder.appendingPathComponent("paperdigest.sqlite").path }
        var site: URL { folder.appendingPathComponent("site") }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            server = try LocalHTTPServer()
            // The captures are served where they lie, never copied.
            server.serveDirectory(SharedFiles.feeds, at: "/feeds/")
            try sourcesOPML().write(to: folder.appendingPathComponent("sources.opml"), atomically: true, encoding: .utf8)
            try RunSettings.write(in: folder, baseURL: EndToEndTests.baseURL, extra: """
                site_title: PaperDigest end-to-end
                fetch:
                  timeout: 60
                  concurrency: 4
                """)
        }

        /// The sources in the shape of `Feeds/sources.opml`: OPML 2.0, grouped outlines, and
        /// PaperDigest's options (`kind`, `slug`, `politeness`) as attributes.
        func sourcesOPML() -> String {
            func outline(_ capture: Capture) -> String {
                let title = capture.title.replacingOccurrences(of: "&", with: "&amp;")
                let url = server.url("/feeds/" + capture.path)
                return #"      <outline type="rss" text="\#(title)" title="\#(title)" xmlUrl="\#(url)" kind="\#(capture.kind)" slug="\#(capture.slug)" politeness="0"/>"#
            }
            let arxiv = EndToEndTests.captures.filter { $0.kind == "arxiv" }.map(outline)
            let others = EndToEndTests.captures.filter { $0.kind != "arxiv" }.map(outline)
            return """
                <?xml version="1.0" encoding="UTF-8"?>
                <opml version="2.0">
                  <head>
                    <title>PaperDigest end-to-end sources</title>
                  </head>
                  <body>
                    <outline text="arXiv">
                \(arxiv.joined(separator: "\n"))
                    </outline>
                    <outline text="Labs and blogs">
                \(others.joined(separator: "\n"))
                    </outline>
                  </body>
                </opml>

                """
        }

        func run() async throws -> BuiltExecutable.Outcome {
            try await BuiltExecutable.run(["run", "--config", config.path])
        }

        func remove() {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    @Test func runPublishesEveryCaptureClassifiedAndARerunDuplicatesNothing() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: BuiltExecutable.paperdigest.path),
                     "build the executable first: swift build (looked for \(BuiltExecutable.paperdigest.path))")
        let folder = try RunFolder()
        defer { folder.remove() }

        let first = try await folder.run()
        try #require(first.status == 0, "paperdigest run exited \(first.status):\n\(first.standardOutput)\n\(first.standardError)")
        #expect(first.standardOutput.contains("10 sources (10 fetched, 0 not modified, 0 failed); \(Self.itemCount) new and 0 updated items; \(Self.itemCount) classified"),
                "\(first.standardOutput)")
        let database = try AppDatabase.open(path: folder.databasePath)
        let stored = try Stored.read(database)
        try checkDatabaseHoldsEveryCaptureOnce(database, stored)
        try checkEveryItemIsClassifiedByTheCurrentHeads(stored)
        let site = Site(root: folder.site, stored: stored)
        try checkEveryItemHasItsPage(site)
        try checkArxivItemPage(site)
        try checkTaggedItemPage(site)
        try checkTitleOnlyItemPage(site)
        try checkOutputFeeds(site)
        try checkTopicPagesListEveryTaggedItem(site)
        try checkIndexListsTheNewestDay(site)
        let filesAfterFirstRun = try site.files()

        // Every capture again, unchanged (the server sends no validators, so each is fetched,
        // parsed and stored again): nothing new, nothing read twice, nothing lost.
        let second = try await folder.run()
        try #require(second.status == 0, "second run exited \(second.status):\n\(second.standardOutput)\n\(second.standardError)")
        #expect(second.standardOutput.contains("10 sources (10 fetched, 0 not modified, 0 failed); 0 new and 0 updated items; 0 classified"),
                "\(second.standardOutput)")
        let again = try Stored.read(database)
        try checkDatabaseHoldsEveryCaptureOnce(database, again)
        #expect(again.items.map(\.id) == stored.items.map(\.id))
        #expect(again.classifications == stored.classifications, "the second run changed classifications")
        #expect(try database.value("SELECT COUNT(*) FROM embeddings") == Self.itemCount)
        #expect(try database.value("SELECT COUNT(*) FROM fetches") == 2 * Self.captures.count)
        #expect(try site.files() == filesAfterFirstRun, "the second run added or removed files")
        try checkEveryItemHasItsPage(Site(root: folder.site, stored: again))
    }

    // MARK: - Database

    /// What the database holds after a run, read once.
    struct Stored {
        struct Item {
            var id: Int64
            var arxivID: String?
            var arxivVersion: Int?
            var title: String
            var url: String?
            var authors: [String]
            var abstract: String
            var sources: [String]
        }
        struct Reading: Equatable {
            var headsVersion: String
            var sentiment: String
            var score: Int
            var summary: String
            var tags: [String]
        }
        var items: [Item]
        var classifications: [Int64: Reading]

        func item(arxiv id: String) throws -> Item {
            try #require(items.first { $0.arxivID == id }, "no item for arXiv \(id)")
        }

        func item(titled title: String) throws -> Item {
            try #require(items.first { $0.title == title }, "no item titled \(title)")
        }

        func reading(_ item: Item) throws -> Reading {
            try #require(classifications[item.id], "item \(item.id) (\(item.title)) is not classified")
        }

        func tagged(_ slug: String) -> Set<Int64> {
            Set(classifications.filter { $0.value.tags.contains(slug) }.keys)
        }

        static func read(_ database: AppDatabase) throws -> Stored {
            try database.writer.read { db in
                var sources: [Int64: [String]] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT item_sources.item_id, sources.slug FROM item_sources
                    JOIN sources ON sources.id = item_sources.source_id ORDER BY sources.slug
                    """)
                {
                    sources[row[0], default: []].append(row[1])
                }
                let items = try Row.fetchAll(db, sql: """
                    SELECT id, arxiv_id, arxiv_version, title, url, authors, summary_text FROM items ORDER BY id
                    """).map { row in
                    Item(
                        id: row["id"], arxivID: row["arxiv_id"], arxivVersion: row["arxiv_version"], title: row["title"],
                        url: row["url"], authors: decode([String].self, row["authors"]) ?? [],
                        abstract: row["summary_text"] ?? "", sources: sources[row["id"]] ?? [])
                }
                struct Tag: Decodable { var slug: String }
                var classifications: [Int64: Reading] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT item_id, heads_version, sentiment, score, summary, tags FROM classifications
                    """)
                {
                    let id: Int64 = row["item_id"]
                    #expect(classifications[id] == nil, "item \(id) is classified twice")
                    classifications[id] = Reading(
                        headsVersion: row["heads_version"], sentiment: row["sentiment"], score: row["score"],
                        summary: row["summary"], tags: (decode([Tag].self, row["tags"]) ?? []).map(\.slug))
                }
                return Stored(items: items, classifications: classifications)
            }
        }

        static func decode<T: Decodable>(_ type: T.Type, _ json: String?) -> T? {
            json.flatMap { try? JSONDecoder().decode(type, from: Data($0.utf8)) }
        }
    }

    func checkDatabaseHoldsEveryCaptureOnce(_ database: AppDatabase, _ stored: Stored) throws {
        #expect(try database.integrityCheck() == "ok")
        // No paper is in two of these captures: one item and one source link per entry.
        #expect(stored.items.count == Self.itemCount)
        #expect(try database.value("SELECT COUNT(*) FROM item_sources") == Self.itemCount)
        #expect(try database.value("SELECT COUNT(DISTINCT canonical_key) FROM items") == Self.itemCount)
        for capture in Self.captures {
            let count = stored.items.filter { $0.sources.contains(capture.slug) }.count
            #expect(count == capture.entries, "\(capture.slug): \(count) items, the capture holds \(capture.entries)")
        }
        let states = try database.sourceStates()
        #expect(Set(states.map(\.source.slug)) == Set(Self.captures.map(\.slug)))
        for state in states {
            #expect(state.lastStatus == 200 && state.consecutiveFailures == 0, "\(state.source.slug): \(state.lastError ?? "")")
        }

        // arXiv: every paper once, by id without version, with its latest version.
        var versions: [String: Int] = [:]
        for item in stored.items { if let id = item.arxivID { versions[id] = item.arxivVersion ?? 0 } }
        #expect(versions == Self.arxivPapers)
        let drift = try stored.item(arxiv: "2609.26811")
        #expect(drift.title == "The Drift Contract: Spectral Updates for Depth-Robust Local Learning")
        #expect(drift.authors == ["Fabien Polly"])
        #expect(drift.url == "https://arxiv.org/abs/2609.26811")
        #expect(drift.abstract.hasPrefix("Local learning trains each layer with its own auxiliary loss"))
        #expect(drift.sources == ["arxiv"])
        // The 2018 RDF title loses its "(arXiv:… [nucl-th] UPDATED)" suffix.
        #expect(try stored.item(arxiv: "1805.06430").title == "New Perspective on Hybrid Mesons")
        #expect(try stored.item(arxiv: "2205.06398").authors == ["Pritam Dey", "Zhengwu Zhang", "David B. Dunson"])
        let types = try database.writer.read { db in
            try [String: String](uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT items.arxiv_id, item_sources.announce_type FROM item_sources JOIN items ON items.id = item_sources.item_id
                WHERE items.arxiv_id IN ('2609.26811', '2205.06398', '2009.13987')
                """).map { ($0[0], $0[1]) })
        }
        #expect(types == ["2609.26811": "new", "2205.06398": "cross", "2009.13987": "replace"])

        // Transformer Circuits: every entry, by its Atom id.
        let globalWorkspace = try stored.item(titled: "Verbalizable Representations Form a Global Workspace in Language Models")
        #expect(globalWorkspace.url == "https://transformer-circuits.pub/2026/workspace/index.html")
        #expect(globalWorkspace.sources == ["transformer-circuits"])
        #expect(stored.items.filter { $0.title.hasPrefix("Circuits Updates — ") }.count == 19)
    }

    func checkEveryItemIsClassifiedByTheCurrentHeads(_ stored: Stored) throws {
        let heads = try Heads.load(path: SharedFiles.packageRoot.appendingPathComponent("Data/heads.json").path)
        let topics = Set(try Taxonomy.load(
            topicsPath: SharedFiles.packageRoot.appendingPathComponent("Feeds/topics.yml").path,
            entitiesPath: SharedFiles.packageRoot.appendingPathComponent("Feeds/entities.yml").path
        ).topics.map(\.slug))
        #expect(stored.classifications.count == Self.itemCount)
        for item in stored.items {
            let reading = try stored.reading(item)
            let context = "item \(item.id) (\(item.title))"
            #expect(reading.headsVersion == heads.version, "\(context)")
            #expect(["bullish", "neutral", "bearish"].contains(reading.sentiment), "\(context): \(reading.sentiment)")
            #expect((1...10).contains(reading.score), "\(context): score \(reading.score)")
            #expect(reading.tags.allSatisfy(topics.contains), "\(context): \(reading.tags)")
            // A sub-topic is only given inside the field.
            #expect(reading.tags.isEmpty || reading.tags.contains(Self.field), "\(context): \(reading.tags)")
            checkSummary(reading.summary, of: item, sentences: Self.saysNoMoreThanTitle(item) ? 0...0 : 1...3)
        }
        // Anthropic's feed repeats each title as its summary: those items have none.
        #expect(stored.items.filter { !$0.abstract.isEmpty && Self.saysNoMoreThanTitle($0) }.count >= 100)
        // The model decides, but these are the thread's best known papers.
        for title in ["Toy Models of Superposition", "A Mathematical Framework for Transformer Circuits",
                      "Scaling Monosemanticity: Extracting Interpretable Features from Claude 3 Sonnet"]
        {
            #expect(try stored.reading(stored.item(titled: title)).tags.contains(Self.field), "\(title)")
        }
        let circuits = stored.items.filter { $0.sources == ["transformer-circuits"] }
        let inField = circuits.filter { stored.classifications[$0.id]?.tags.contains(Self.field) == true }
        #expect(inField.count * 2 > circuits.count, "only \(inField.count) of \(circuits.count) Transformer Circuits posts are in the field")
    }

    /// Whether a feed's summary only repeats the item's title, or is a section label of a few
    /// words ("Fundamental Research"): then it is no summary.
    static func saysNoMoreThanTitle(_ item: Stored.Item) -> Bool {
        func plainWords(_ text: String) -> [String] { text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init) }
        let abstract = plainWords(item.abstract)
        let title = Set(plainWords(item.title))
        let trimmed = item.abstract.trimmingCharacters(in: .whitespacesAndNewlines)
        return abstract.allSatisfy(title.contains) || (abstract.count < 5 && !".!?".contains(trimmed.last ?? "."))
    }

    /// A summary is whole sentences of the item's own abstract, in its order, at most 60 words.
    func checkSummary(_ summary: String, of item: Stored.Item, sentences allowed: ClosedRange<Int>) {
        let abstract = Self.words(item.abstract)
        let sentences = SentenceSplitter().split(summary)
        #expect(allowed.contains(sentences.count), "item \(item.id): \(sentences.count) sentences in \"\(summary)\"")
        #expect(ExtractiveSummarizer.wordCount(summary) <= 60, "item \(item.id): \"\(summary)\"")
        var searchFrom = abstract.startIndex
        for sentence in sentences {
            let text = Self.words(sentence.hasSuffix("…") ? String(sentence.dropLast()) : sentence)
            guard let found = abstract.range(of: text, range: searchFrom..<abstract.endIndex) else {
                Issue.record("item \(item.id): \"\(sentence)\" is not a sentence of its abstract, in order")
                return
            }
            searchFrom = found.upperBound
        }
    }

    /// Text with every run of white space (no-break spaces too) made one space.
    static func words(_ text: String) -> String {
        text.split { $0.isWhitespace }.joined(separator: " ")
    }

    // MARK: - Site

    /// The rendered site, read as a reader's browser and feed reader would get it.
    struct Site {
        let root: URL
        let stored: Stored

        func text(_ path: String) throws -> String {
            let url = root.appendingPathComponent(path)
            try #require(FileManager.default.fileExists(atPath: url.path), "\(path) was not written")
            return try String(contentsOf: url, encoding: .utf8)
        }

        func xml(_ path: String) throws -> XMLDocument {
            try XMLDocument(data: Data(contentsOf: root.appendingPathComponent(path)))
        }

        /// Every file of the site, relative to its root.
        func files() throws -> Set<String> {
            let paths = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
            return Set(paths.filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            })
        }

        func itemPath(_ item: Stored.Item) -> String { "items/\(item.id).html" }
        func itemURL(_ item: Stored.Item) -> String { EndToEndTests.baseURL + itemPath(item) }
    }

    /// Escaped as Mustache escapes text for HTML.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The first capture group of every match of `pattern` in `text`.
    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? Regex<(Substring, Substring)>(pattern) else {
            Issue.record("bad pattern \(pattern)")
            return []
        }
        return text.matches(of: regex).map { String($0.output.1) }
    }

    func checkEveryItemHasItsPage(_ site: Site) throws {
        let pages = try site.files().filter { $0.hasPrefix("items/") && $0.hasSuffix(".html") }
        #expect(pages == Set(site.stored.items.map(site.itemPath)))
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: site.root.appendingPathComponent("search-index.json")))
        #expect((index as? [Any])?.count == Self.itemCount)
        for capture in Self.captures {
            let page = try site.text("sources/\(capture.slug)/index.html")
            #expect(page.contains("\(capture.entries) \(capture.entries == 1 ? "item" : "items") from \(Self.escaped(capture.title))"),
                    "sources/\(capture.slug)/index.html")
        }
    }

    /// What one item page shows of the item's reading: sentiment, score, summary, tag links.
    func checkItemPageShowsItsReading(_ site: Site, _ item: Stored.Item) throws -> String {
        let reading = try site.stored.reading(item)
        let page = try site.text(site.itemPath(item))
        let path = site.itemPath(item)
        #expect(Self.matches(#"<h1 id="item-title">([^<]*)</h1>"#, in: page) == [Self.escaped(item.title.cleanedText)], "\(path)")
        #expect(Self.matches(#"<span class="sentiment sentiment-[a-z]+"><span aria-hidden="true">[^<]*</span> ([a-z]+)</span>"#, in: page)
                == [reading.sentiment], "\(path)")
        #expect(Self.matches(#"<span class="visually-hidden">Score: </span>(\d+)/10</span>"#, in: page) == ["\(reading.score)"], "\(path)")
        let summary = reading.summary.cleanedText
        #expect(Self.matches(#"<p class="card-summary">([^<]*)</p>"#, in: page) == (summary.isEmpty ? [] : [Self.escaped(summary)]), "\(path)")
        #expect(page.contains("No summary: the feed gives only the title.") == summary.isEmpty, "\(path)")
        let tagLinks = Self.matches(#"<a class="chip" href="\.\./topics/([a-z0-9-]+)/index\.html""#, in: page)
        #expect(tagLinks.sorted() == reading.tags.sorted(), "\(path)")
        for slug in tagLinks {
            #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("topics/\(slug)/index.html").path),
                    "\(path) links to a missing topic page \(slug)")
        }
        return page
    }

    func checkArxivItemPage(_ site: Site) throws {
        let drift = try site.stored.item(arxiv: "2609.26811")
        let page = try checkItemPageShowsItsReading(site, drift)
        // Two or three sentences of the abstract (it has nine, most of them short).
        checkSummary(try site.stored.reading(drift).summary, of: drift, sentences: 2...3)
        #expect(page.contains(#"<p class="authors">Fabien Polly</p>"#))
        #expect(page.contains(#"href="https://arxiv.org/abs/2609.26811v1">arXiv abstract</a>"#))
        #expect(page.contains(#"href="https://arxiv.org/pdf/2609.26811v1">PDF</a>"#))
        #expect(page.contains(#"<a href="../sources/arxiv/index.html">arXiv – cs.LG</a>"#))
        #expect(page.contains("<dt>Version</dt><dd>Version 1</dd>"))
        // Every arXiv paper, whatever the model made of it.
        for id in Self.arxivPapers.keys.sorted() {
            _ = try checkItemPageShowsItsReading(site, try site.stored.item(arxiv: id))
        }
        #expect(Self.arxivPapers.keys.contains { (try? site.stored.reading(site.stored.item(arxiv: $0)).tags.isEmpty) == false },
                "no arXiv paper of the captures was tagged, so no item page with tag links was checked")
    }

    func checkTaggedItemPage(_ site: Site) throws {
        let item = try site.stored.item(titled: "Verbalizable Representations Form a Global Workspace in Language Models")
        let reading = try site.stored.reading(item)
        #expect(reading.tags.contains(Self.field), "the model did not tag \(item.title): \(reading.tags)")
        let page = try checkItemPageShowsItsReading(site, item)
        #expect(page.contains(#"href="https://transformer-circuits.pub/2026/workspace/index.html">Read on Transformer Circuits</a>"#))
        #expect(reading.summary == "We find that Claude maintains a small, privileged set of representations it can report on, control, and reason with, atop a much larger volume of automatic processing.",
                "a one-sentence abstract is its own summary")
    }

    /// A post whose feed summary is its title again: no summary, said so on its page.
    func checkTitleOnlyItemPage(_ site: Site) throws {
        let item = try #require(site.stored.items.first { !$0.abstract.isEmpty && $0.abstract == $0.title && $0.sources == ["anthropic-news"] })
        #expect(try site.stored.reading(item).summary == "")
        let page = try checkItemPageShowsItsReading(site, item)
        #expect(page.contains(#"<p class="card-summary empty">No summary: the feed gives only the title.</p>"#))
        // Nor an abstract that is the title again, and the page's description names it and its source.
        #expect(!page.contains("abstract-heading"))
        #expect(page.contains(#"<meta name="description" content=""# + Self.escaped("\(item.title.cleanedText), from Anthropic News") + #"">"#))
    }

    // MARK: - Feeds

    func checkOutputFeeds(_ site: Site) throws {
        // Among the 50 newest: the arXiv papers of 2026, and of the undated 2018 listing
        // (dated when first seen). The 2021 API's papers are from 2015 and 2016.
        let newest = try Self.arxivPapers.keys.sorted().filter { !["1510.05980", "1602.05902"].contains($0) }
            .map { try site.stored.item(arxiv: $0) }
        let circuits = try site.stored.item(titled: "Verbalizable Representations Form a Global Workspace in Language Models")

        let rss = try site.xml("feed.xml")
        let rssItems = try rss.nodes(forXPath: "/rss/channel/item").compactMap { $0 as? XMLElement }
        #expect(rssItems.count == SitePlanner.feedSize)
        let atom = try site.xml("atom.xml")
        let atomEntries = try atom.nodes(forXPath: "//*[local-name()='entry']").compactMap { $0 as? XMLElement }
        #expect(atomEntries.count == SitePlanner.feedSize)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: site.root.appendingPathComponent("feed.json")))
            as? [String: Any])
        #expect(json["version"] as? String == "https://jsonfeed.org/version/1.1")
        let jsonItems = json["items"] as? [[String: Any]] ?? []
        #expect(jsonItems.count == SitePlanner.feedSize)

        for item in newest + [circuits] {
            let reading = try site.stored.reading(item)
            let summary = reading.summary.cleanedText
            let context = "\(item.title) (item \(item.id))"

            let entry = try #require(rssItems.first { $0.child("link") == site.itemURL(item) }, "feed.xml lacks \(context)")
            #expect(entry.child("title") == item.title.cleanedText, "\(context)")
            #expect(entry.child("guid") == site.itemURL(item))
            #expect(entry.child("description") == summary, "feed.xml: \(context)")
            let categories = entry.children(named: "category").map { ($0.value(of: "domain") ?? "", $0.stringValue ?? "") }
            #expect(categories.filter { $0.0 == Self.baseURL + "sentiment" }.map(\.1) == [reading.sentiment], "feed.xml: \(context)")
            #expect(categories.filter { $0.0 == Self.baseURL + "score" }.map(\.1) == ["\(reading.score)"], "feed.xml: \(context)")
            #expect(categories.filter { $0.0 == Self.baseURL + "topics/" }.map(\.1).sorted() == reading.tags.sorted(), "feed.xml: \(context)")

            let atomEntry = try #require(atomEntries.first { $0.child("id") == site.itemURL(item) }, "atom.xml lacks \(context)")
            #expect(atomEntry.child("title") == item.title.cleanedText, "\(context)")
            #expect(atomEntry.child("summary") == summary, "atom.xml: \(context)")
            let terms = atomEntry.children(named: "category").map {
                ($0.value(of: "scheme") ?? "", $0.value(of: "term") ?? "")
            }
            #expect(terms.filter { $0.0 == Self.baseURL + "sentiment" }.map(\.1) == [reading.sentiment], "atom.xml: \(context)")
            #expect(terms.filter { $0.0 == Self.baseURL + "score" }.map(\.1) == ["\(reading.score)"], "atom.xml: \(context)")
            #expect(terms.filter { $0.0 == Self.baseURL + "topics/" }.map(\.1).sorted() == reading.tags.sorted(), "atom.xml: \(context)")
            let related = atomEntry.children(named: "link")
                .filter { $0.value(of: "rel") == "related" }.map { $0.value(of: "href") }
            #expect(related == [item.url], "atom.xml: \(context)")

            let jsonItem = try #require(jsonItems.first { $0["id"] as? String == site.itemURL(item) }, "feed.json lacks \(context)")
            #expect(jsonItem["title"] as? String == item.title.cleanedText)
            #expect(jsonItem["summary"] as? String == summary, "feed.json: \(context)")
            #expect(jsonItem["external_url"] as? String == item.url)
            let tags = jsonItem["tags"] as? [String] ?? []
            #expect(tags.contains("sentiment:\(reading.sentiment)") && tags.contains("score:\(reading.score)"), "feed.json: \(context): \(tags)")
            #expect(reading.tags.allSatisfy(tags.contains), "feed.json: \(context): \(tags)")
            let ext = jsonItem["_paperdigest"] as? [String: Any]
            #expect(ext?["sentiment"] as? String == reading.sentiment)
            #expect(ext?["score"] as? Int == reading.score)
            #expect((ext?["tags"] as? [String])?.sorted() == reading.tags.sorted())
        }

        // The field's own feed carries every paper it tags, newest first, up to 50.
        let topicFeed = try site.xml("topics/\(Self.field)/feed.xml")
        let topicLinks = try topicFeed.nodes(forXPath: "/rss/channel/item/link").compactMap(\.stringValue)
        #expect(topicLinks.count == min(SitePlanner.feedSize, site.stored.tagged(Self.field).count))
        let taggedURLs = Set(site.stored.items.filter { site.stored.tagged(Self.field).contains($0.id) }.map(site.itemURL))
        #expect(Set(topicLinks).isSubset(of: taggedURLs))
    }

    // MARK: - Lists

    /// Cards in a list page, by item id, in order.
    static func cardIDs(_ page: String) -> [Int64] {
        matches(#"<h3 class="card-title" id="card-(\d+)">"#, in: page).compactMap { Int64($0) }
    }

    func checkTopicPagesListEveryTaggedItem(_ site: Site) throws {
        let tagged = site.stored.tagged(Self.field)
        var listed: [Int64] = []
        var page = 1
        while true {
            let path = SitePaths.topic(Self.field, page: page)
            guard FileManager.default.fileExists(atPath: site.root.appendingPathComponent(path).path) else { break }
            let text = try site.text(path)
            if page == 1 {
                #expect(text.contains("\(tagged.count) articles tagged with #\(Self.field)"))
            }
            let ids = Self.cardIDs(text)
            #expect(ids.count == min(SitePlanner.pageSize, tagged.count - listed.count), "\(path)")
            listed += ids
            page += 1
        }
        #expect(page - 1 == (tagged.count + SitePlanner.pageSize - 1) / SitePlanner.pageSize)
        #expect(listed.count == Set(listed).count, "a paper is listed twice on the topic's pages")
        #expect(Set(listed) == tagged)
        let toyModels = try site.stored.item(titled: "Toy Models of Superposition")
        #expect(listed.contains(toyModels.id), "the topic's pages do not list Toy Models of Superposition")
        // And every other topic page lists exactly what carries its tag.
        let slugs = Set(site.stored.classifications.values.flatMap(\.tags))
        for slug in slugs where slug != Self.field {
            let count = site.stored.tagged(slug).count
            #expect(try site.text(SitePaths.topic(slug, page: 1)).contains("\(count) \(count == 1 ? "article" : "articles") tagged with #\(slug)"))
        }
    }

    func checkIndexListsTheNewestDay(_ site: Site) throws {
        let index = try site.text("index.html")
        // The 2018 RDF listing carries no dates: its papers are dated when first seen, today.
        let undated = try ["1805.08875", "1805.09166", "1805.06430"].map { try site.stored.item(arxiv: $0) }
        #expect(Set(Self.cardIDs(index)) == Set(undated.map(\.id)))
        #expect(index.contains("3 items · \(undated.filter { site.stored.tagged(Self.field).contains($0.id) }.count) tagged #\(Self.field)"))
        for item in undated {
            let reading = try site.stored.reading(item)
            #expect(index.contains(#"<a href="items/\#(item.id).html">\#(Self.escaped(item.title.cleanedText))</a>"#))
            #expect(index.contains("\(reading.score)/10"))
        }
        for path in ["search.html", "analytics.html", "digests/index.html", "topics/index.html", "sources/index.html",
                     "sources.opml", "sitemap.xml", "robots.txt", "assets/style.css", "assets/search.js"]
        {
            #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(path).path), "\(path) was not written")
        }
    }
}

extension XMLElement {
    /// The child elements with this local name, whatever their namespace. (Walks the children:
    /// `elements(forLocalName:uri:)` missed some Atom children here.)
    fileprivate func children(named name: String) -> [XMLElement] {
        (children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == name }
    }

    /// The text of the first child element named `name`.
    fileprivate func child(_ name: String) -> String? {
        children(named: name).first?.stringValue
    }

    /// An attribute's value. (`attribute(forName:)` finds nothing on an element in a default
    /// namespace, as every Atom element is.)
    fileprivate func value(of attribute: String) -> String? {
        attributes?.first { $0.name == attribute }?.stringValue
    }
}
