import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PaperDigest

@Suite struct SiteRendererTests {
    @Test func indexShowsTodaysInterpretabilityPapersBestFirst() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let offTopic = try site.addItem("A benchmark for tabular agents", arxiv: "2602.00001")
        let weak = try site.addItem("Probing toy models", arxiv: "2602.00002")
        let strong = try site.addItem("Sparse autoencoders & steering <at scale>", arxiv: "2602.00003")
        try site.addItem("Yesterday's paper", arxiv: "2602.00004", daysAgo: 1)
        try site.classify(offTopic, sentiment: "neutral", score: 9, tags: [])
        try site.classify(weak, sentiment: "bearish", score: 4, tags: ["mechanistic-interpretability"])
        try site.classify(strong, sentiment: "bullish", score: 7, tags: ["mechanistic-interpretability", "sparse-autoencoders"], entities: ["gpt-2"])
        try site.render()

        let index = try site.page("index.html")
        #expect(index.contains("Today: 20 February 2026"))
        // Highlights (tagged, by score) come before the rest of the day, whatever its score.
        let s = try #require(index.range(of: "items/\(strong).html")).lowerBound
        let w = try #require(index.range(of: "items/\(weak).html")).lowerBound
        let o = try #require(index.range(of: "items/\(offTopic).html")).lowerBound
        #expect(s < w && w < o)
        #expect(!index.contains("Yesterday&#39;s paper"))
        // The card: emoji, sentiment word and symbol, source, relative date, score, escaped title, entities.
        #expect(index.contains("aria-label=\"SAEs and dictionary learning\""))
        #expect(index.contains("🧩"))
        #expect(index.contains("<span aria-hidden=\"true\">▲</span> bullish"))
        #expect(index.contains("arXiv – cs.AI"))
        #expect(index.contains("<time datetime=\"2026-02-20\" title=\"20 February 2026\">today</time>"))
        #expect(index.contains("7/10"))
        #expect(index.contains("Sparse autoencoders &amp; steering &lt;at scale&gt;"))
        #expect(index.contains("<li class=\"chip chip-entity\">GPT-2</li>"))
        #expect(index.contains("href=\"topics/sparse-autoencoders/index.html\""))
    }

    @Test func relevanceGatesTheDigestAndBreaksTiesInScore() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        // Tagged, but the heads are not confident it belongs to the field: not a highlight.
        let doubtful = try site.addItem("Doubtful", arxiv: "2602.00031")
        let sure = try site.addItem("Sure", arxiv: "2602.00032")
        let likely = try site.addItem("Likely", arxiv: "2602.00033")
        // Written before relevance was stored: the field's tag decides.
        let older = try site.addItem("Older row", arxiv: "2602.00034")
        try site.classify(doubtful, sentiment: "neutral", score: 9, tags: ["mechanistic-interpretability"], relevance: 0.3)
        try site.classify(sure, sentiment: "bullish", score: 6, tags: ["mechanistic-interpretability"], relevance: 0.97)
        try site.classify(likely, sentiment: "bullish", score: 6, tags: ["mechanistic-interpretability"], relevance: 0.62)
        try site.classify(older, sentiment: "bullish", score: 5, tags: ["mechanistic-interpretability"])
        try site.render()

        let index = try site.page("index.html")
        #expect(index.contains("4 items · 3 tagged #mechanistic-interpretability"))
        let others = try #require(index.range(of: "id=\"others-heading\"")).lowerBound
        func position(_ id: Int64) throws -> String.Index { try #require(index.range(of: "items/\(id).html")).lowerBound }
        #expect(try position(sure) < position(likely))  // same score, more relevant first
        #expect(try position(likely) < position(older))
        #expect(try position(older) < others)
        #expect(try position(doubtful) > others)
        #expect(try site.page("analytics.html").contains("Tagged #mechanistic-interpretability</dt><dd>3</dd>"))

        // Relevance is on no card, yet it orders the digests: a change re-renders them.
        try site.database.writer.write { try $0.execute(sql: "UPDATE classifications SET relevance = 0.99 WHERE item_id = ?", arguments: [likely]) }
        try site.render()
        for path in ["index.html", "digests/2026-02-20.html", "digests/2026-W08.html"] {
            let page = try site.page(path)
            let l = try #require(page.range(of: "items/\(likely).html")).lowerBound
            let s = try #require(page.range(of: "items/\(sure).html")).lowerBound
            #expect(l < s, "\(path)")
        }
    }

    @Test func unclassifiedItemsRenderWithoutSentimentOrScore() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let id = try site.addItem("An unread paper", arxiv: "2602.00010", abstract: "First sentence here. Second sentence here. Third one.")
        try site.render()
        let page = try site.page("items/\(id).html")
        #expect(page.contains("An unread paper"))
        #expect(!page.contains("class=\"sentiment"))
        #expect(!page.contains("/10</span>"))
        #expect(page.contains("Not classified yet"))
        #expect(try site.page("index.html").contains("First sentence here."))
    }

    @Test func relativeDatesCountWholeDaysBeforeNow() {
        let now = SiteFixture.now
        func ago(_ days: Double) -> String { SiteDate.relative(now.addingTimeInterval(-days * 86_400), now: now) }
        #expect(ago(0) == "today")
        #expect(ago(1) == "yesterday")
        #expect(ago(3) == "3 days ago")
        #expect(ago(20) == "2 weeks ago")
        #expect(ago(100) == "3 months ago")
        #expect(ago(400) == "1 year ago")
        #expect(ago(-2) == "in 2 days")
        #expect(SiteDate.weekKey(dayNumber: SiteDate.dayNumber(now)) == "2026-W08")
        #expect(SiteDate.weekKey(dayNumber: SiteDate.dayNumber(Date(timeIntervalSince1970: 1_767_225_600))) == "2026-W01")  // 2026-01-01
        #expect(SiteDate.rfc822(now) == "Fri, 20 Feb 2026 12:00:00 +0000")
        #expect(SiteDate.rfc3339(now) == "2026-02-20T12:00:00Z")
    }

    @Test func cardsCarryRelativeDatesAgainstTheRenderTime() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let id = try site.addItem("Three days old", arxiv: "2602.00020", daysAgo: 3)
        try site.render()
        let topicless = try site.page("digests/2026-02-17.html")
        #expect(topicless.contains("<time datetime=\"2026-02-17\" title=\"17 February 2026\">3 days ago</time>"))
        #expect(topicless.contains("items/\(id).html"))
        try site.render(now: SiteFixture.now.addingTimeInterval(7 * 86_400))
        #expect(try site.page("digests/2026-02-17.html").contains(">10 days ago</time>"))
    }

    @Test func topicPagesArePaginated() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        for n in 0..<30 {
            let id = try site.addItem("Steering paper \(n)", arxiv: String(format: "2602.%05d", 100 + n), daysAgo: Double(n))
            try site.classify(id, sentiment: "bullish", score: 5, tags: ["mechanistic-interpretability", "steering"])
        }
        try site.render()
        let first = try site.page("topics/steering/index.html")
        #expect(first.contains("30 articles tagged with #steering"))
        #expect(first.components(separatedBy: "<article class=\"card\"").count - 1 == 25)
        #expect(first.contains("href=\"../../topics/steering/page/2/index.html\""))
        #expect(first.contains("Page 1 of 2"))
        let second = try site.page("topics/steering/page/2/index.html")
        #expect(second.components(separatedBy: "<article class=\"card\"").count - 1 == 5)
        #expect(second.contains("href=\"../../../../topics/steering/index.html\""))
        #expect(second.contains("href=\"../../../../assets/style.css\""))
        #expect(try site.page("topics/sparse-autoencoders/index.html").contains("0 articles tagged with #sparse-autoencoders"))
        #expect(try site.page("topics/index.html").contains("30 articles"))
    }

    @Test func digestsLinkToPreviousAndNextDaysAndTheirWeek() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try site.addItem("Monday", arxiv: "2602.00201", daysAgo: 4)
        try site.addItem("Wednesday", arxiv: "2602.00202", daysAgo: 2)
        try site.addItem("Friday", arxiv: "2602.00203", daysAgo: 0)
        try site.render()
        let wednesday = try site.page("digests/2026-02-18.html")
        #expect(wednesday.contains("rel=\"prev\" href=\"../digests/2026-02-16.html\""))
        #expect(wednesday.contains("rel=\"next\" href=\"../digests/2026-02-20.html\""))
        #expect(wednesday.contains("href=\"../digests/2026-W08.html\""))
        let week = try site.page("digests/2026-W08.html")
        #expect(week.contains("Monday") && week.contains("Wednesday") && week.contains("Friday"))
        #expect(try site.page("digests/index.html").contains("2026-W08"))
    }

    @Test func itemPageShowsLinksExplanationAndRelatedPapers() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let a = try site.addItem("Paper A", arxiv: "2602.00301", doi: "10.1000/xyz")
        let b = try site.addItem("Paper B", arxiv: "2602.00302")
        let c = try site.addItem("Paper C", arxiv: "2602.00303")
        try site.classify(a, sentiment: "bullish", score: 8, tags: ["mechanistic-interpretability"],
                          explanation: #"{"sentiment": {"top_terms": ["we propose", "outperforms"]}, "score": "novel method"}"#)
        try site.addEmbedding(a, [1, 0, 0, 0])
        try site.addEmbedding(b, [0.9, 0.1, 0, 0])
        try site.addEmbedding(c, [0, 0, 1, 0])
        try site.render()
        let page = try site.page("items/\(a).html")
        #expect(page.contains("href=\"https://arxiv.org/abs/2602.00301v2\""))
        #expect(page.contains("href=\"https://arxiv.org/pdf/2602.00301v2\""))
        #expect(page.contains("href=\"https://doi.org/10.1000/xyz\""))
        #expect(page.contains("Ada Lovelace, Alan Turing"))
        #expect(page.contains("cs.LG"))
        #expect(page.contains("Top terms — we propose, outperforms") || page.contains("top terms: we propose, outperforms"))
        #expect(page.contains("novel method"))
        #expect(page.contains("bullish: 70%"))
        #expect(page.contains("href=\"../items/\(b).html\""))
        #expect(!page.contains("href=\"../items/\(c).html\""))
        // Kept for the next render, which compares only new vectors; beside the site, not in it.
        #expect(FileManager.default.fileExists(atPath: site.state + "/" + RelatedItems.fileName))
        let d = try site.addItem("Paper D", arxiv: "2602.00304")
        try site.addEmbedding(d, [1, 0.05, 0, 0])
        try site.render()
        #expect(try site.page("items/\(a).html").contains("href=\"../items/\(d).html\""))
    }

    @Test func sourcesPageShowsHealth() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try site.addItem("A post", source: "transformer-circuits")
        try site.database.saveFetch(
            FetchRecord(outcome: .failed, startedAt: SiteFixture.now, httpStatus: 503, error: "HTTP 503"), entries: [],
            sourceID: try site.sourceID("arxiv"), now: SiteFixture.now)
        try site.render()
        let page = try site.page("sources/index.html")
        #expect(page.contains("Failing (HTTP 503)"))
        #expect(page.contains("✓</span> OK (HTTP 200)"))
        let source = try site.page("sources/transformer-circuits/index.html")
        #expect(source.contains("1 item from Transformer Circuits"))
        #expect(source.contains("Transformer Circuits</a>") || source.contains(">Transformer Circuits<"))
    }

    @Test func feedsCarryAbsoluteLinksDatesAndCategories() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let id = try site.addItem("Feeds & <friends>", arxiv: "2602.00401")
        try site.classify(id, sentiment: "bearish", score: 6, tags: ["mechanistic-interpretability", "steering"])
        try site.render()
        let rss = try site.page("feed.xml")
        #expect(rss.contains("<guid isPermaLink=\"true\">https://example.org/digest/items/\(id).html</guid>"))
        #expect(rss.contains("<title>Feeds &amp; &lt;friends&gt;</title>"))
        #expect(rss.contains("<pubDate>Fri, 20 Feb 2026 11:00:00 +0000</pubDate>"))
        #expect(rss.contains(">bearish</category>") && rss.contains(">6</category>") && rss.contains(">steering</category>"))
        #expect(rss.contains("<dc:creator>Ada Lovelace</dc:creator>\n<dc:creator>Alan Turing</dc:creator>"))
        #expect(XMLParser(data: Data(rss.utf8)).parse())
        let atom = try site.page("atom.xml")
        #expect(atom.contains("<updated>2026-02-20T11:00:00Z</updated>"))
        #expect(atom.contains("<author><name>Ada Lovelace</name></author>\n<author><name>Alan Turing</name></author>"))
        #expect(atom.contains("<category term=\"steering\""))
        #expect(XMLParser(data: Data(atom.utf8)).parse())
        let topicFeed = try site.page("topics/steering/feed.xml")
        #expect(topicFeed.contains("items/\(id).html"))
        #expect(XMLParser(data: Data(try site.page("topics/steering/atom.xml").utf8)).parse())
        let json = try JSONSerialization.jsonObject(with: Data(try site.page("feed.json").utf8)) as? [String: Any]
        #expect(json?["version"] as? String == "https://jsonfeed.org/version/1.1")
        let item = (json?["items"] as? [[String: Any]])?.first
        #expect(item?["id"] as? String == "https://example.org/digest/items/\(id).html")
        #expect((item?["tags"] as? [String])?.contains("sentiment:bearish") == true)
        #expect((item?["authors"] as? [[String: String]])?.map { $0["name"] } == ["Ada Lovelace", "Alan Turing"])
        #expect(XMLParser(data: Data(try site.page("sitemap.xml").utf8)).parse())
        #expect(try site.page("sitemap.xml").contains("<loc>https://example.org/digest/topics/steering/</loc>"))
        #expect(try site.page("robots.txt").contains("Sitemap: https://example.org/digest/sitemap.xml"))
        #expect(try site.page("sources.opml").contains("xmlUrl=\"https://transformer-circuits.pub/feed.xml\""))
        let index = try JSONSerialization.jsonObject(with: Data(try site.page("search-index.json").utf8)) as? [[String: Any]]
        #expect(index?.first?["t"] as? String == "Feeds & <friends>")
    }

    @Test func failedRenderLeavesTheLastSite() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try site.addItem("Kept", arxiv: "2602.00501")
        try site.render()
        let before = try site.page("index.html")
        // A templates folder without the item page template: the render fails half-way.
        let broken = site.folder + "/Templates"
        try FileManager.default.copyItem(atPath: SiteFixture.templates, toPath: broken)
        try FileManager.default.removeItem(atPath: broken + "/pages/item.mustache")
        try site.addItem("Not published", arxiv: "2602.00502")
        #expect(throws: PaperDigestError.self) { try site.renderer(templates: broken).render(now: SiteFixture.now) }
        #expect(try site.page("index.html") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.folder).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }

    @Test func unchangedFilesKeepTheirModificationTime() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let a = try site.addItem("Stays", arxiv: "2602.00601")
        let b = try site.addItem("Changes", arxiv: "2602.00602")
        try site.render()
        let old = Date(timeIntervalSince1970: 1_000_000_000)
        for path in ["items/\(a).html", "items/\(b).html", "assets/style.css", "topics/index.html", "digests/2026-02-20.html"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: site.output + "/" + path)
        }
        try site.classify(b, sentiment: "bullish", score: 9, tags: ["steering"])
        let report = try site.render()
        func mtime(_ path: String) throws -> Date {
            try FileManager.default.attributesOfItem(atPath: site.output + "/" + path)[.modificationDate] as! Date
        }
        #expect(try mtime("items/\(a).html") == old)
        #expect(try mtime("assets/style.css") == old)
        #expect(try mtime("items/\(b).html") != old)
        #expect(try mtime("topics/index.html") != old)  // its counts changed
        #expect(try mtime("digests/2026-02-20.html") != old)  // it lists b's card
        #expect(try site.page("digests/2026-02-20.html").contains("9/10"))
        #expect(report.reused > 0 && report.written > 0)
        // Nothing changed: nothing is rendered again, and the site is not touched at all.
        let inode = try FileManager.default.attributesOfItem(atPath: site.output)[.systemFileNumber] as? Int
        let again = try site.render()
        #expect(again.written == 0 && again.unchanged == 0 && again.reused == again.files)
        #expect(try FileManager.default.attributesOfItem(atPath: site.output)[.systemFileNumber] as? Int == inode)
        // A page that went missing is put back.
        try FileManager.default.removeItem(atPath: site.output + "/items/\(a).html")
        let repaired = try site.render()
        #expect(repaired.written == 1)
        #expect(FileManager.default.fileExists(atPath: site.output + "/items/\(a).html"))
    }

    @Test func theRenderersStateIsKeptBesideTheSiteNotPublishedInIt() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let a = try site.addItem("Paper A", arxiv: "2602.00611")
        let b = try site.addItem("Paper B", arxiv: "2602.00612")
        try site.addEmbedding(a, [1, 0, 0, 0])
        try site.addEmbedding(b, [0.9, 0.1, 0, 0])
        try site.render()
        let published = try FileManager.default.contentsOfDirectory(atPath: site.output)
        #expect(!published.contains { $0.hasPrefix(".") })
        #expect(site.state == site.folder + "/.Output.render-state")
        let kept = try FileManager.default.contentsOfDirectory(atPath: site.state).sorted()
        #expect(kept == ["manifest", "related"])
        let again = try site.render()
        #expect(again.written == 0 && again.unchanged == 0 && again.reused == again.files)
    }

    @Test func aSiteThatIsNotTheOneTheManifestDescribesIsCheckedByItsBytes() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let id = try site.addItem("Kept honest", arxiv: "2602.00621")
        try site.render()
        // The site is replaced by a copy (another folder) in which a page was edited: the
        // manifest no longer describes it, so nothing is trusted to be as it was.
        let copy = site.folder + "/copy"
        try FileManager.default.copyItem(atPath: site.output, toPath: copy)
        try Data("<p>edited by hand</p>".utf8).write(to: URL(fileURLWithPath: copy + "/items/\(id).html"))
        try FileManager.default.removeItem(atPath: site.output)
        try FileManager.default.moveItem(atPath: copy, toPath: site.output)
        let report = try site.render()
        #expect(report.reused == 0)
        #expect(report.written == 1)
        #expect(try site.page("items/\(id).html").contains("Kept honest"))
    }

    @Test func anItemPageIsRenderedAgainWhenOnlyWhatItAloneShowsChanged() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let a = try site.addItem("Explained", arxiv: "2602.00631")
        let b = try site.addItem("Untouched", arxiv: "2602.00632")
        try site.classify(a, sentiment: "bullish", score: 6, tags: ["steering"], explanation: #"{"score": "first reason"}"#)
        try site.render()
        try site.database.writer.write { db in
            try db.execute(sql: #"UPDATE classifications SET explanation = '{"score": "second reason"}' WHERE item_id = ?"#, arguments: [a])
        }
        let report = try site.render()
        #expect(report.written == 1)
        #expect(try site.page("items/\(a).html").contains("second reason"))
        #expect(try site.page("items/\(b).html").contains("Untouched"))
        // A renamed source is shown on the pages of the items it carried.
        try site.database.writer.write { try $0.execute(sql: "UPDATE sources SET title = 'arXiv, renamed' WHERE slug = 'arxiv'") }
        try site.render()
        #expect(try site.page("items/\(b).html").contains("arXiv, renamed"))
    }

    @Test func anEmptyDatabaseGivesAWholeSite() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let report = try site.render()
        #expect(try site.page("index.html").contains("No items yet"))
        #expect(try site.page("analytics.html").contains("<svg"))
        #expect(try site.page("topics/steering/index.html").contains("0 articles tagged with #steering"))
        #expect(XMLParser(data: Data(try site.page("atom.xml").utf8)).parse())
        #expect(report.pages > 5)
    }

    @Test func notFoundPageLinksFromTheSiteRootAndStaysOutOfTheSitemap() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try site.render()
        let page = try site.page("404.html")
        // A host shows it at any depth: links start from the base URL's path, not "../".
        #expect(page.contains("href=\"/digest/assets/style.css\""))
        #expect(page.contains("href=\"/digest/topics/index.html\""))
        #expect(page.contains("action=\"/digest/search.html\""))
        #expect(page.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(!page.contains("rel=\"canonical\""))
        #expect(!(try site.page("sitemap.xml")).contains("404"))
        #expect(try site.page("index.html").contains("<link rel=\"canonical\" href=\"https://example.org/digest/\">"))
    }

    @Test func pagesLinkRelativelyAndWorkFromAnyFolder() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let id = try site.addItem("Relative", arxiv: "2602.00701")
        try site.render()
        let page = try site.page("items/\(id).html")
        #expect(page.contains("href=\"../assets/style.css\""))
        #expect(page.contains("href=\"../index.html\""))
        #expect(!page.contains("href=\"/"))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://example.org/digest/items/\(id).html\">"))
    }
}

@Suite struct SiteRendererSanitizingTests {
    @Test func postHTMLIsSanitizedBeforeItReachesThePage() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let draft = ItemDraft(
            key: ItemKey(rawValue: "url:https://transformer-circuits.pub/2026/xss"), url: "https://transformer-circuits.pub/2026/xss/",
            title: "A post with HTML", summaryHTML: "<p>Kept <a href=\"/more\">link</a><script>alert(1)</script><img src=x onerror=alert(2)></p>",
            summaryText: "Kept link", published: SiteFixture.now)
        try site.database.saveFetch(
            FetchRecord(outcome: .ok, startedAt: SiteFixture.now, httpStatus: 200), entries: [draft],
            sourceID: try site.sourceID("transformer-circuits"), now: SiteFixture.now)
        try site.render()
        let id = try #require(try site.database.siteCards().first?.id)
        let page = try site.page("items/\(id).html")
        #expect(page.contains("Kept"))
        #expect(page.contains("https://transformer-circuits.pub/more"))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("onerror"))
    }

    @Test func onlyWebAddressesAreLinked() {
        for url in ["https://transformer-circuits.pub/2026/x/", "HTTP://example.org", " http://example.org/a b ",
                    "https://example.org/café?q=<b>"]
        {
            #expect(SitePlanner.webAddress(url) == url.trimmedWhitespace, "\(url)")
        }
        for url in ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
                    "vbscript:msgbox(1)", "httpjavascript:alert(1)", "http:javascript:alert(1)", "https:///x", "//example.org/",
                    "/relative/path", "xsscase <img src=x onerror=alert(1)>", ""]
        {
            #expect(SitePlanner.webAddress(url) == nil, "\(url)")
        }
    }

    @Test func itemLinksThatAreNotWebAddressesAreNeitherLinkedNorRepublished() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let links = ["javascript:alert(1)", "data:text/html,<script>alert(2)</script>", "httpjavascript:alert(3)",
                     "https://transformer-circuits.pub/2026/fine/"]
        let drafts = links.enumerated().map { n, url in
            ItemDraft(key: ItemKey(rawValue: "guid:urn:post:\(n)"), url: url, title: "Post \(n)", summaryText: "A post.",
                      published: SiteFixture.now.addingTimeInterval(Double(-n) * 60), guid: "urn:post:\(n)")
        }
        try site.database.saveFetch(
            FetchRecord(outcome: .ok, startedAt: SiteFixture.now, httpStatus: 200), entries: drafts,
            sourceID: try site.sourceID("transformer-circuits"), now: SiteFixture.now)
        for id in try site.database.siteCards().map(\.id) {
            try site.classify(id, sentiment: "neutral", score: 5, tags: [])
        }
        try site.render()
        let hostile = ["javascript:", "data:text/html", "httpjavascript:"]
        for card in try site.database.siteCards() {
            let page = try site.page("items/\(card.id).html")
            for scheme in hostile { #expect(!page.contains("href=\"\(scheme)"), "items/\(card.id).html links \(scheme)") }
            #expect(page.contains("Read on Transformer Circuits") == (card.url == links[3]), "items/\(card.id).html")
        }
        let atom = try site.page("atom.xml")
        #expect(Self.occurrences(of: "rel=\"related\"", in: atom) == 1)
        #expect(atom.contains("<link rel=\"related\" href=\"\(links[3])\"/>"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try site.page("feed.json").utf8)) as? [String: Any])
        let external = (json["items"] as? [[String: Any]] ?? []).compactMap { $0["external_url"] as? String }
        #expect(external == [links[3]])
        for feed in ["feed.xml", "atom.xml", "feed.json"] {
            let text = try site.page(feed)
            for scheme in hostile { #expect(!text.contains(scheme), "\(feed) republishes \(scheme)") }
        }
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
