import Foundation
import GRDB

/// An item the classify step has to read: its text, and its embedding when one of the
/// current model is stored.
public struct ItemToClassify: Sendable, Hashable {
    public var id: Int64
    public var title: String
    public var text: String
    public var embedding: [Float]?
}

/// The newest classification stored for an item, as `paperdigest explain` shows it.
public struct StoredItemClassification: Sendable {
    public var itemID: Int64
    public var title: String
    public var arxivID: String?
    public var url: String?
    public var headsVersion: String
    public var sentiment: String
    /// The JSON of `sentiment_probabilities`, `tags`, `entities` and `explanation` as stored.
    public var sentimentProbabilities: String
    public var score: Int
    public var summary: String
    public var tags: String
    public var entities: String
    public var explanation: String?
    /// The field tag's confidence; `nil` for rows written before it was stored.
    public var relevance: Double?
    public var classifiedAt: Date
}

extension AppDatabase {
    // MARK: - Classify step

    /// Items with no classification by heads `headsVersion`, oldest first, with the stored
    /// embedding of `model` when there is one.
    public func itemsNeedingClassification(headsVersion: String, model: String, limit: Int = 10_000) throws -> [ItemToClassify] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT items.id, items.title, items.summary_text, embeddings.vector FROM items
                    LEFT JOIN embeddings ON embeddings.item_id = items.id AND embeddings.model_id = ?
                    WHERE NOT EXISTS (
                        SELECT 1 FROM classifications c WHERE c.item_id = items.id AND c.heads_version = ?)
                    ORDER BY items.id LIMIT ?
                    """,
                arguments: [model, headsVersion, limit]
            ).map { row in
                ItemToClassify(
                    id: row["id"], title: row["title"], text: row["summary_text"] ?? "",
                    embedding: (row["vector"] as Data?).map(Self.floats))
            }
        }
    }

    /// How many items the heads `headsVersion` have not read.
    public func countItemsNeedingClassification(headsVersion: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM items WHERE NOT EXISTS (
                        SELECT 1 FROM classifications c WHERE c.item_id = items.id AND c.heads_version = ?)
                    """,
                arguments: [headsVersion]) ?? 0
        }
    }

    /// Stores classifications and the embeddings they were made from, in one transaction.
    public func saveClassifications(
        _ results: [(itemID: Int64, embedding: [Float]?, classification: Classification)], model: String, now: Date
    ) throws {
        try writer.write { db in
            for result in results {
                if let embedding = result.embedding {
                    try saveEmbedding(embedding, itemID: result.itemID, model: model, now: now, db)
                }
                try saveClassification(result.classification, itemID: result.itemID, now: now, db)
            }
        }
    }

    /// Stores one classification (replacing one by the same heads version).
    public func saveClassification(_ classification: Classification, itemID: Int64, now: Date) throws {
        try writer.write { db in try saveClassification(classification, itemID: itemID, now: now, db) }
    }

    /// Stores an item's embedding by `model` (replacing an older one of the same model).
    public func saveEmbedding(_ vector: [Float], itemID: Int64, model: String, now: Date) throws {
        try writer.write { db in try saveEmbedding(vector, itemID: itemID, model: model, now: now, db) }
    }

    private func saveClassification(_ c: Classification, itemID: Int64, now: Date, _ db: Database) throws {
        let tags = c.tags.map { ClassificationJSON.Tag(slug: $0.slug, confidence: $0.confidence) }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO classifications (item_id, heads_version, sentiment, sentiment_probabilities,
                    score, summary, tags, entities, explanation, relevance, classified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [itemID, c.headsVersion, c.sentiment.rawValue, try ClassificationJSON.string(c.sentimentProbabilities),
                        c.score, c.summary, try ClassificationJSON.string(tags), JSONStrings.encode(c.entities),
                        try ClassificationJSON.string(c.explanation), c.relevance, now])
    }

    private func saveEmbedding(_ vector: [Float], itemID: Int64, model: String, now: Date, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO embeddings (item_id, model_id, vector, created_at) VALUES (?, ?, ?, ?)",
            arguments: [itemID, model, Self.blob(vector), now])
    }

    /// Every stored embedding of `model`, by item id.
    public func embeddings(model: String) throws -> [(itemID: Int64, vector: [Float])] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT item_id, vector FROM embeddings WHERE model_id = ? ORDER BY item_id", arguments: [model])
                .map { (itemID: $0["item_id"], vector: Self.floats($0["vector"])) }
        }
    }

    /// The newest classification of an item, with the item's title, or `nil` when it has none.
    public func latestClassification(itemID: Int64) throws -> StoredItemClassification? {
        try writer.read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT c.*, items.title, items.arxiv_id, items.url FROM classifications c
                    JOIN items ON items.id = c.item_id
                    WHERE c.item_id = ? ORDER BY c.classified_at DESC, c.heads_version DESC LIMIT 1
                    """,
                arguments: [itemID])
            else { return nil }
            return StoredItemClassification(
                itemID: itemID, title: row["title"], arxivID: row["arxiv_id"], url: row["url"],
                headsVersion: row["heads_version"], sentiment: row["sentiment"],
                sentimentProbabilities: row["sentiment_probabilities"], score: row["score"], summary: row["summary"],
                tags: row["tags"], entities: row["entities"], explanation: row["explanation"],
                relevance: row["relevance"], classifiedAt: row["classified_at"])
        }
    }

    // MARK: - Labels

    /// The item a person means by `reference`: an item id, an arXiv id (with or without
    /// version, or an arXiv URL) or the item's URL.
    public func itemID(for reference: String) throws -> Int64? {
        let reference = reference.trimmedWhitespace
        return try writer.read { db in
            if let id = Int64(reference), try Bool.fetchOne(db, sql: "SELECT 1 FROM items WHERE id = ?", arguments: [id]) == true {
                return id
            }
            var arxiv = ItemKey.arxivID(inURL: reference) ?? reference
            if arxiv.lowercased().hasPrefix("arxiv:") { arxiv.removeFirst(6) }
            arxiv = ItemKey.stripVersion(arxiv).id
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM items WHERE arxiv_id = ? ORDER BY id LIMIT 1", arguments: [arxiv]) {
                return id
            }
            if let canonical = ItemKey.canonicalURL(reference) {
                if let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM items WHERE canonical_key = ? OR url = ? ORDER BY id LIMIT 1",
                    arguments: ["url:" + canonical, reference])
                {
                    return id
                }
            }
            return try Int64.fetchOne(db, sql: "SELECT id FROM items WHERE url = ? ORDER BY id LIMIT 1", arguments: [reference])
        }
    }

    /// Records what a person said about an item; fields left `nil` were not said.
    @discardableResult
    public func addLabel(itemID: Int64, sentiment: Classification.Sentiment?, score: Int?, tags: [String]?, now: Date) throws -> Int64 {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO labels (item_id, sentiment, score, tags, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [itemID, sentiment?.rawValue, score, tags.map(JSONStrings.encode), now])
            return db.lastInsertedRowID
        }
    }

    /// Every labelled item with its text: per item, the newest value of each labelled field.
    /// The id is the item's arXiv id, else its URL, else `item:<id>`.
    public func labelledItems() throws -> [LabelledExample] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT labels.item_id, labels.sentiment, labels.score, labels.tags,
                    items.title, items.summary_text, items.arxiv_id, items.url
                FROM labels JOIN items ON items.id = labels.item_id
                ORDER BY labels.item_id, labels.created_at, labels.id
                """)
            var examples: [LabelledExample] = []
            var lastItem: Int64? = nil
            for row in rows {
                let itemID: Int64 = row["item_id"]
                if itemID != lastItem {
                    let reference: String = row["arxiv_id"] ?? row["url"] ?? "item:\(itemID)"
                    examples.append(LabelledExample(
                        id: reference, title: row["title"], abstract: row["summary_text"] ?? "", sentiment: nil, score: nil,
                        tags: nil))
                    lastItem = itemID
                }
                if let word: String = row["sentiment"], let sentiment = Classification.Sentiment(rawValue: word) {
                    examples[examples.count - 1].sentiment = sentiment
                }
                if let score: Int = row["score"] { examples[examples.count - 1].score = score }
                if let tags: String = row["tags"] { examples[examples.count - 1].tags = JSONStrings.decode(tags) }
            }
            return examples
        }
    }

    // MARK: - Vectors as BLOBs

    /// Little-endian Float32, as the `embeddings.vector` column holds them.
    static func blob(_ vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func floats(_ data: Data) -> [Float] {
        let count = data.count / 4
        var out = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            for i in 0..<count {
                out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
            }
        }
        return out
    }
}

/// The JSON columns of `classifications`.
enum ClassificationJSON {
    struct Tag: Codable {
        var slug: String
        var confidence: Double
    }

    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
