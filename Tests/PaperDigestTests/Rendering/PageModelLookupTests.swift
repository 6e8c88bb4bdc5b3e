import Foundation
import Mustache
import Testing
@testable import PaperDigest

/// The hand-written `MustacheParent` lookups must answer every property, or a template
/// would render a field as missing.
@Suite struct PageModelLookupTests {
    func unanswered(_ value: some MustacheParent) -> [String] {
        Mirror(reflecting: value).children.compactMap { child in
            guard let label = child.label, label != "precomputedFingerprint" else { return nil }
            let mirror = Mirror(reflecting: child.value)
            if mirror.displayStyle == .optional, mirror.children.isEmpty { return nil }  // nil: nothing to answer
            return value.child(named: label) == nil ? label : nil
        }
    }

    @Test func everyPropertyOfTheFastModelsIsAnswered() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let id = try site.addItem("Lookups", arxiv: "2602.00801", doi: "10.1/x")
        try site.classify(id, sentiment: "bullish", score: 7, tags: ["steering"], entities: ["anthropic"], explanation: #"{"score": "why"}"#)
        let planner = SitePlanner(catalog: site.catalog, siteTitle: "T", baseURL: "https://example.org/", now: SiteFixture.now)
        let snapshot = SiteSnapshot(cards: try site.database.siteCards(), sources: try site.database.sourceStates(), itemsBySource: [:])
        let lists = planner.cardViews(snapshot)
        let card = try #require(lists.cards.first)
        #expect(unanswered(card).isEmpty)
        #expect(unanswered(try #require(card.sentiment)).isEmpty)
        #expect(unanswered(try #require(card.topics.first)).isEmpty)
        #expect(unanswered(try #require(card.entities.first)).isEmpty)
        let frame = planner.frame("topics/x/index.html", title: "T", description: "D", section: .topics)
        #expect(unanswered(frame).isEmpty)
        #expect(unanswered(try #require(frame.nav.first)).isEmpty)
        #expect(unanswered(try #require(frame.feeds.first)).isEmpty)
        let pagination = try #require(planner.pagination(pages: 9, current: 5, label: "L") { "p\($0)" })
        #expect(unanswered(pagination).isEmpty)
        #expect(unanswered(try #require(pagination.entries.first)).isEmpty)
        #expect(unanswered(try #require(pagination.previousPage)).isEmpty)
        let feed = planner.feedModel(title: "F", description: "D", sitePath: "index.html", rssPath: "feed.xml", atomPath: "atom.xml", cards: snapshot.cards)
        #expect(unanswered(feed).isEmpty)
        #expect(unanswered(try #require(feed.entries.first)).isEmpty)
        #expect(unanswered(try #require(feed.entries.first?.categories.first)).isEmpty)
        let item = try #require(try site.database.siteItems(afterID: 0, limit: 10).first)
        let job = planner.itemPage(item, lists: lists, related: [], sanitize: nil)
        guard case .template(_, let model) = job.body, let page = model as? ItemPage else {
            Issue.record("the item page is not an ItemPage")
            return
        }
        #expect(unanswered(page).isEmpty)
        let body = DigestBody(heading: "H", countLine: "C", highlights: [card], others: [], previousDigest: nil, nextDigest: nil, related: [], relatedLabel: "R")
        #expect(unanswered(body).isEmpty)
        #expect(unanswered(DigestPage(frame: frame, digest: body)).isEmpty)
        let topic = try #require(planner.topicSummaries(snapshot).first)
        #expect(unanswered(TopicPage(frame: frame, topic: topic, countLine: "C", cards: [card], pagination: pagination)).isEmpty)
        let health = try #require(snapshot.sources.first.map(planner.sourceHealth))
        #expect(unanswered(SourcePage(frame: frame, source: health, countLine: "C", cards: [card], pagination: pagination)).isEmpty)
        #expect(unanswered(SitemapModel(entries: [.init(loc: "l", lastmod: "m")])).isEmpty)
        #expect(unanswered(SitemapModel.Entry(loc: "l", lastmod: "m")).isEmpty)
    }

    @Test func textIsCleanedOfControlsAndExtraSpace() {
        #expect("  a \t b\u{01}c\n".cleanedText == "a bc")
        #expect("plain text".cleanedText == "plain text")
        #expect("abcdefg  hijklmnop".cleanedText == "abcdefg hijklmnop")  // two spaces across 8-byte words
        #expect("abcdefghij  klmnop".cleanedText == "abcdefghij klmnop")
        #expect("abcdefgh\u{7F}ijklmnop".cleanedText == "abcdefghijklmnop")
        #expect("abcdefghijklmno\u{1F}".cleanedText == "abcdefghijklmno")
        #expect("A clean sentence of more than sixteen bytes.".cleanedText == "A clean sentence of more than sixteen bytes.")
        #expect("caf\u{E9}\u{00A0}\u{00A0}ok\u{85}".cleanedText == "caf\u{E9} ok")
        let noncharacters = String(Unicode.Scalar(0xFFFE)!) + "y" + String(Unicode.Scalar(0xFDD0)!)
        #expect(("\u{3000}Tō\u{90}kyō\u{2003}🧪 x" + noncharacters).cleanedText == "Tōkyō 🧪 xy")
        #expect("é".cleanedText == "é")
        #expect(CardBuilder.leadSentences(String(repeating: "Word ", count: 100)).hasSuffix("…"))
        let abstract = "One sentence. " + String(repeating: "Another long sentence goes here. ", count: 20)
        #expect(CardBuilder.leadSentences(abstract) == "One sentence. Another long sentence goes here. Another long sentence goes here.")
    }
}

@Suite struct FingerprintTests {
    @Test func itemPageDigestsFollowEveryStoredColumnAPageShows() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let a = try site.addItem("Stable", arxiv: "2602.00901")
        let b = try site.addItem("Other", arxiv: "2602.00902")
        try site.classify(a, sentiment: "bullish", score: 6, tags: ["steering"], explanation: #"{"score": "first"}"#)
        let first = try SiteRenderer.itemPageDigests(site.database)
        #expect(first.count == 2)
        #expect(try SiteRenderer.itemPageDigests(site.database) == first)
        // Columns no card shows: the explanation, the comment, the authors.
        try site.database.writer.write { try $0.execute(sql: #"UPDATE classifications SET explanation = '{"score": "second"}'"#) }
        let second = try SiteRenderer.itemPageDigests(site.database)
        #expect(second[a] != first[a] && second[b] == first[b])
        try site.database.writer.write { try $0.execute(sql: "UPDATE items SET comment = '12 pages' WHERE id = ?", arguments: [b]) }
        let third = try SiteRenderer.itemPageDigests(site.database)
        #expect(third[b] != second[b] && third[a] == second[a])
        try site.database.writer.write { try $0.execute(sql: #"UPDATE items SET authors = '["Ada Lovelace"]' WHERE id = ?"#, arguments: [b]) }
        #expect(try SiteRenderer.itemPageDigests(site.database)[b] != third[b])
        // A NULL and an empty text are told apart.
        try site.database.writer.write { try $0.execute(sql: "UPDATE items SET comment = '' WHERE id = ?", arguments: [a]) }
        let empty = try SiteRenderer.itemPageDigests(site.database)[a]
        try site.database.writer.write { try $0.execute(sql: "UPDATE items SET comment = NULL WHERE id = ?", arguments: [a]) }
        #expect(try SiteRenderer.itemPageDigests(site.database)[a] != empty)
        #expect(TemplateSet.codeIdentity == TemplateSet.codeIdentity)
    }

    @Test func aCardsFingerprintCoversEveryField() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let id = try site.addItem("Every field", arxiv: "2602.00911")
        try site.classify(id, sentiment: "bullish", score: 6, tags: ["steering"], entities: ["anthropic"])
        let planner = SitePlanner(catalog: site.catalog, siteTitle: "T", baseURL: "https://example.org/", now: SiteFixture.now)
        let card = try #require(planner.cardViews(SiteSnapshot(cards: try site.database.siteCards(), sources: [], itemsBySource: [:])).cards.first)
        // Every property (and every property of a nested value), as `contentFingerprint` lists them.
        var fields = Set<String>()
        for child in Mirror(reflecting: card).children {
            guard let label = child.label, label != "precomputedFingerprint" else { continue }
            fields.insert(label)
            var value: Any = child.value
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first { value = wrapped.value }
            if let first = (value as? [Any])?.first { value = first }
            let nested = Mirror(reflecting: value)
            guard nested.displayStyle == .struct else { continue }
            for grandchild in nested.children { if let name = grandchild.label { fields.insert(label + "." + name) } }
        }
        #expect(fields == CardView.fingerprintedFields)
        #expect(card.precomputedFingerprint == card.contentFingerprint().value)
        var changed = card
        changed.dateText = "yesterday"
        #expect(changed.contentFingerprint() != card.contentFingerprint())
        changed = card
        changed.topics[0].emoji = "🧪"
        #expect(changed.contentFingerprint() != card.contentFingerprint())
    }

    @Test func jsonStringArraysAreReadWithAndWithoutEscapes() {
        #expect(AppDatabase.strings(#"["cs.AI","cs.LG"]"#) == ["cs.AI", "cs.LG"])
        #expect(AppDatabase.strings("[]") == [])
        #expect(AppDatabase.strings(#"["Ada Lovelace", "Jos\u00e9", "a \"quote\""]"#) == ["Ada Lovelace", "José", "a \"quote\""])
        #expect(AppDatabase.strings(#"["é ü"]"#) == ["é ü"])
        #expect(AppDatabase.strings(nil) == [])
    }

    @Test func storedTagsAreReadWhateverTheirKeyOrder() {
        func read(_ json: String) -> [String] { AppDatabase.tags(json).map { "\($0.slug) \($0.confidence)" } }
        #expect(read(#"[{"confidence":0.62,"slug":"steering"},{"confidence":0.97,"slug":"mechanistic-interpretability"}]"#)
            == ["mechanistic-interpretability 0.97", "steering 0.62"])
        #expect(read(#"[{"slug":"probing","confidence":1}, {"slug": "circuits", "confidence": 1}]"#) == ["probing 1.0", "circuits 1.0"])
        #expect(read(#"[{"slug":"a\u00e9","confidence":0.5}]"#) == ["aé 0.5"])  // escapes: the slow path
        #expect(read(#"["steering", "probing"]"#) == ["steering 1.0", "probing 1.0"])
        #expect(read("[]") == [] && read("not json") == [])
    }
}
