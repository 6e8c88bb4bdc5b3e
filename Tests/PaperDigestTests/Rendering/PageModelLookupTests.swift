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
        #expect(CardBuilder.leadSentences(String(repeating: "Word ", count: 100)).hasSuffix("…"))
        let abstract = "One sentence. " + String(repeating: "Another long sentence goes here. ", count: 20)
        #expect(CardBuilder.leadSentences(abstract) == "One sentence. Another long sentence goes here. Another long sentence goes here.")
    }
}

@Suite struct FingerprintTests {
    @Test func itemPageInputsDoNotDependOnDictionaryOrder() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let id = try site.addItem("Stable", arxiv: "2602.00901")
        try site.classify(id, sentiment: "bullish", score: 6, tags: ["steering"])
        let planner = SitePlanner(catalog: site.catalog, siteTitle: "T", baseURL: "https://example.org/", now: SiteFixture.now)
        let snapshot = SiteSnapshot(cards: try site.database.siteCards(), sources: try site.database.sourceStates(), itemsBySource: [:])
        let lists = planner.cardViews(snapshot)
        var item = try #require(try site.database.siteItems(afterID: 0, limit: 1).first)
        var forward: [String: Double] = [:]
        for (k, v) in [("bullish", 0.7), ("neutral", 0.2), ("bearish", 0.1)] { forward[k] = v }
        var backward: [String: Double] = [:]
        backward.reserveCapacity(64)
        for (k, v) in [("bearish", 0.1), ("neutral", 0.2), ("bullish", 0.7)] { backward[k] = v }
        func inputs(_ probabilities: [String: Double]) -> UInt64? {
            item.sentimentProbabilities = probabilities
            guard case .lazyTemplate(_, let fingerprint, _) = planner.lazyItemPage(item, lists: lists, related: [], sanitize: nil).body
            else { return nil }
            return fingerprint().value
        }
        #expect(inputs(forward) != nil)
        #expect(inputs(forward) == inputs(backward))
        #expect(inputs(forward) != inputs(["bullish": 0.6, "neutral": 0.3, "bearish": 0.1]))
        #expect(TemplateSet.codeIdentity == TemplateSet.codeIdentity)
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
