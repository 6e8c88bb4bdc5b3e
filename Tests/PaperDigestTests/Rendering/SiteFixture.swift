import Foundation
import GRDB
import Logging
@testable import PaperDigest

/// A database with real-looking rows and a temporary folder to render into.
struct SiteFixture {
    static let now = Date(timeIntervalSince1970: 1_771_588_800)  // 2026-02-20T12:00:00Z
    static let templates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates").path

    let database: AppDatabase
    let folder: String
    var output: String { folder + "/Output" }
    /// Where the renderer keeps its manifest and related papers between renders.
    var state: String { StagedOutput.statePath(forOutput: output) }
    let catalog = SiteCatalog(
        topics: [
            .init(slug: "mechanistic-interpretability", title: "Mechanistic interpretability", emoji: "🔬"),
            .init(slug: "sparse-autoencoders", title: "SAEs and dictionary learning", emoji: "🧩"),
            .init(slug: "steering", title: "Steering and representation engineering", emoji: "🎛️"),
        ],
        entities: [.init(slug: "anthropic", name: "Anthropic", kind: "labs"), .init(slug: "gpt-2", name: "GPT-2", kind: "models")])

    init() throws {
        database = try AppDatabase.inMemory()
        folder = NSTemporaryDirectory() + "site-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try database.syncSources([
            Source(url: "https://rss.arxiv.org/rss/cs.AI", title: "arXiv cs.AI", kind: .arxiv, slug: "arxiv"),
            Source(url: "https://transformer-circuits.pub/feed.xml", title: "Transformer Circuits", kind: .lab,
                   siteURL: "https://transformer-circuits.pub/"),
        ], now: Self.now)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    func sourceID(_ slug: String) throws -> Int64 {
        try database.sourceStates().first { $0.source.slug == slug }!.id
    }

    /// Stores a paper from arXiv (or a post when `arxiv` is nil) published `daysAgo` before `now`.
    @discardableResult
    func addItem(
        _ title: String, arxiv: String? = nil, daysAgo: Double = 0, source: String = "arxiv",
        abstract: String = "We train sparse autoencoders on the residual stream of GPT-2 small. The features are interpretable. They steer the model.",
        doi: String? = nil
    ) throws -> Int64 {
        let key = arxiv.map(ItemKey.arxiv) ?? ItemKey(rawValue: "url:https://transformer-circuits.pub/\(title.hashValue)")
        let draft = ItemDraft(
            key: key, arxivID: arxiv, arxivVersion: arxiv == nil ? nil : 2, doi: doi,
            url: arxiv.map { "https://arxiv.org/abs/\($0)" } ?? "https://transformer-circuits.pub/2026/post/index.html",
            title: title, authors: ["Ada Lovelace", "Alan Turing"], summaryText: abstract,
            categories: arxiv == nil ? [] : ["cs.AI", "cs.LG"], published: Self.now.addingTimeInterval(-daysAgo * 86_400 - 3600))
        try database.saveFetch(
            FetchRecord(outcome: .ok, startedAt: Self.now, httpStatus: 200), entries: [draft], sourceID: try sourceID(source), now: Self.now)
        return try database.writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM items WHERE canonical_key = ?", arguments: [key.rawValue])!
        }
    }

    /// Stores a classification; `relevance` `nil` is a row written before relevance was kept.
    func classify(_ itemID: Int64, sentiment: String, score: Int, tags: [String], entities: [String] = [],
                  summary: String = "Sparse autoencoders find interpretable features.", explanation: String? = nil,
                  relevance: Double? = nil) throws {
        let tagJSON = "[" + tags.map { "{\"slug\":\"\($0)\",\"confidence\":0.9}" }.joined(separator: ",") + "]"
        let entityJSON = "[" + entities.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        try database.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO classifications (item_id, heads_version, sentiment, sentiment_probabilities, score, summary,
                        tags, entities, explanation, relevance, classified_at)
                    VALUES (?, 'heads-test', ?, '{"bullish":0.7,"neutral":0.2,"bearish":0.1}', ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [itemID, sentiment, score, summary, tagJSON, entityJSON, explanation, relevance, Self.now])
        }
    }

    func addEmbedding(_ itemID: Int64, _ vector: [Float]) throws {
        var data = Data()
        for v in vector { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO embeddings (item_id, model_id, vector, created_at) VALUES (?, 'all-MiniLM-L6-v2', ?, ?)",
                arguments: [itemID, data, Self.now])
        }
    }

    func renderer(templates: String = SiteFixture.templates) -> SiteRenderer {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return SiteRenderer(
            database: database, templatesPath: templates, outputPath: output, catalog: catalog,
            siteTitle: "Test Digest", baseURL: "https://example.org/digest", logger: logger)
    }

    @discardableResult
    func render(now: Date = SiteFixture.now) throws -> RenderReport {
        try renderer().render(now: now)
    }

    func page(_ path: String) throws -> String {
        try String(contentsOfFile: output + "/" + path, encoding: .utf8)
    }
}
