import Foundation
import GRDB
import Testing
@testable import PaperDigest

@Suite struct DemoCorpusTests {
    let now = Date(timeIntervalSince1970: 1_771_588_800)  // 2026-02-20T12:00:00Z

    /// A corpus folder of one labelled paper, one unlabelled paper and one lab post, with a
    /// labels file and an entities file.
    func corpus() throws -> (folder: String, labels: String, entities: String) {
        let folder = NSTemporaryDirectory() + "demo-corpus-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ lines: [String]) throws {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        try write("mechinterp_records.jsonl", [
            #"{"id": "2602.00001", "version": 2, "title": "Sparse autoencoders on GPT-2 small", "abstract": "We train SAEs on GPT-2 small with Anthropic's recipe. GPT-4 is not used; nor are OpenAI-style evals.", "primary_category": "cs.LG", "categories": ["cs.AI", "cs.LG"], "published": "2026-02-19T00:00:00Z"}"#,
        ])
        try write("arxiv_records.jsonl", [
            #"{"id": "2602.00002", "version": 1, "title": "Tabular agents", "abstract": "A benchmark.", "categories": ["cs.AI"], "published": "2026-02-19T00:00:00Z"}"#,
        ])
        try write("blog_posts.jsonl", [
            #"{"title": "A post", "link": "https://far.ai/post", "date": "2026-02-18", "summary": "Notes.", "org": "FAR.AI"}"#,
        ])
        try write("labels.jsonl", [
            #"{"arxiv_id": "2602.00001", "sentiment": "bullish", "score": 7, "tags": ["mechanistic-interpretability", "sparse-autoencoders"]}"#,
        ])
        try write("entities.yml", [
            "labs:", "- slug: anthropic", "  name: Anthropic", "  aliases: [Anthropic]",
            "- slug: openai", "  name: OpenAI", "  aliases: [OpenAI]",
            "models:", "- slug: gpt-2", "  name: GPT-2", "  aliases: [GPT-2]", "  case_sensitive: true",
            "- slug: gpt-4", "  name: GPT-4", "  aliases: [GPT-4]", "  case_sensitive: true",
        ])
        return (folder, folder + "/labels.jsonl", folder + "/entities.yml")
    }

    @Test func labelledItemsAreTaggedByTheClassifiersEntityTagger() throws {
        let files = try corpus()
        defer { try? FileManager.default.removeItem(atPath: files.folder) }
        let corpus = try DemoCorpus.load(from: files.folder, labelsPath: files.labels)
        let database = try AppDatabase.inMemory()
        let farAI = Source(url: "https://far.ai/feed.xml", title: "FAR.AI", kind: .lab, siteURL: "https://far.ai/")
        let stored = try corpus.fill(database, sources: [farAI], entitiesPath: files.entities, selection: .recent(days: 10), now: now)
        #expect(stored == 3)

        let tagger = EntityTagger(entities: try Taxonomy.loadEntities(from: files.entities))
        let expected = tagger.tags(in: TokenizedText(
            title: "Sparse autoencoders on GPT-2 small",
            body: "We train SAEs on GPT-2 small with Anthropic's recipe. GPT-4 is not used; nor are OpenAI-style evals."))
        #expect(expected == ["anthropic", "openai", "gpt-2", "gpt-4"])
        let cards = try database.siteCards()
        let labelled = try #require(cards.first { $0.arxivID == "2602.00001" }?.classification)
        #expect(labelled.entities == expected)
        #expect(labelled.relevance == 1)
        #expect(cards.first { $0.arxivID == "2602.00002" }?.classification == nil)
        // The lab post went to the followed FAR.AI source, not to a second one of that name.
        #expect(try database.sourceStates().filter { $0.source.title == "FAR.AI" }.count == 1)
        #expect(cards.first { $0.url == "https://far.ai/post" }?.source?.title == "FAR.AI")
    }
}
