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
