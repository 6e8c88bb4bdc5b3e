import Foundation
import GRDB

/// Item vectors of one embedding model, row-major in one buffer, for "related papers".
public struct EmbeddingMatrix: Sendable {
    public var modelID: String
    public var dimension: Int
    /// The item of each row, in row order.
    public var itemIDs: [Int64]
    /// `itemIDs.count × dimension` Float32 values.
    public var values: [Float]

    public init(modelID: String, dimension: Int, itemIDs: [Int64], values: [Float]) {
        self.modelID = modelID
        self.dimension = dimension
        self.itemIDs = itemIDs
        self.values = values
    }
}

extension AppDatabase {
    // MARK: - Reading for the site

    /// Every item as a card, newest first, each with its first source and newest classification.
    public func siteCards() throws -> [ItemCard] {
        var cards = try writer.read { db in
            let sources = try Self.sourceRefs(db)
            // In table order, sorted below: an ORDER BY here made SQLite sort the rows with
            // their abstracts in a temporary B-tree, half the query's time. The first source
            // is looked up in item_sources' primary key; the abstract's start is read only for
            // items without a summary (a card shows one or the other).
            let rows = try Row.fetchCursor(db, sql: """
                WITH newest AS (
                    SELECT item_id, heads_version, sentiment, score, summary, tags, entities, classified_at, relevance,
                        ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY classified_at DESC, heads_version DESC) AS rn
                    FROM classifications
                )
                SELECT i.id, i.title, i.url, i.arxiv_id, i.categories,
                    coalesce(i.published_at, i.first_seen_at) AS date,
                    CASE WHEN trim(ifnull(c.summary, '')) = '' THEN substr(i.summary_text, 1, 800) END AS lead,
                    (SELECT s.source_id FROM item_sources s WHERE s.item_id = i.id
                        ORDER BY s.first_seen_at, s.source_id LIMIT 1) AS source_id,
                    c.heads_version, c.sentiment, c.score, c.summary, c.tags, c.entities, c.classified_at, c.relevance
                FROM items i
                LEFT JOIN newest c ON c.item_id = i.id AND c.rn = 1
                """)
            var cards: [ItemCard] = []
            while let row = try rows.next() {
                cards.append(Self.card(row, sources: sources))
            }
            return cards
        }
        // Newest first, then by id, highest first (sorted in place: moved, not copied).
        cards.sort { a, b in a.date != b.date ? a.date > b.date : a.id > b.id }
        return cards
    }

    /// What an item page shows from the database, per item: the columns of the item's row
    /// and of its newest classification, as bytes in SQLite's own memory (no model is made).
    /// The site digests them to tell which item pages changed since the last render
    /// without reading the items; the sources that carried an item are not included.
    ///
    /// - Parameter visit: called for every item in id order; `content` is only valid
    ///   during the call.
    public func visitItemPageContents(_ visit: (_ itemID: Int64, _ content: UnsafeRawBufferPointer) -> Void) throws {
        // Every column that `siteItems` reads, written by one `printf` into one blob a row:
        // which ones are NULL, then each after a separator (31). (Joining them with `||`
        // copies what it has so far at each step: twice as slow.)
        let columns = [
            "i.title", "i.url", "i.arxiv_id", "i.arxiv_version", "i.doi", "i.authors", "i.categories", "i.journal_ref",
            "i.comment", "i.published_at", "i.updated_at", "i.first_seen_at", "c.heads_version", "c.sentiment",
            "c.sentiment_probabilities", "c.score", "c.summary", "c.tags", "c.entities", "c.relevance", "c.classified_at",
            "c.explanation", "i.summary_html", "i.content_html", "i.summary_text",
        ]
        let format = String(repeating: "%d", count: columns.count) + String(repeating: "\u{1F}%s", count: columns.count)
        let content = "printf('\(format)', " + (columns.map { "\($0) IS NULL" } + columns).joined(separator: ", ") + ")"
        try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                WITH newest AS (
                    SELECT *, ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY classified_at DESC, heads_version DESC) AS rn
                    FROM classifications
                )
                SELECT i.id, CAST(\(content) AS BLOB)
                FROM items i
                LEFT JOIN newest c ON c.item_id = i.id AND c.rn = 1
                ORDER BY i.id
                """)
            while let row = try rows.next() {
                let id: Int64 = row[0]
                try row.withUnsafeData(atIndex: 1) { data in
                    (data ?? Data()).withUnsafeBytes { visit(id, $0) }
                }
            }
        }
    }

    /// Each item's authors (for the search index), or only those of the items `ids` (for
    /// the output feeds); items with none are left out.
    public func siteAuthors(ids: [Int64]? = nil) throws -> [Int64: [String]] {
        try writer.read { db in
            var authors: [Int64: [String]] = [:]
            let only = ids.map { " AND id IN (" + $0.map(String.init).joined(separator: ",") + ")" } ?? ""
            let rows = try Row.fetchCursor(db, sql: "SELECT id, authors FROM items WHERE authors <> '[]'" + only)
            while let row = try rows.next() {
                authors[row[0]] = Self.strings(row[1])
            }
            return authors
        }
    }

    /// The items with these ids (the ones that exist), in id order, with everything an item
    /// page shows.
    public func siteItems(ids: [Int64]) throws -> [Item] {
        guard !ids.isEmpty else { return [] }
        let list = "(" + ids.map { String($0) }.joined(separator: ",") + ")"
        return try siteItems(where: "i.id IN \(list) ORDER BY i.id", classificationsWhere: "item_id IN \(list)", arguments: [])
    }

    /// Up to `limit` items with an id above `afterID`, in id order, with everything an item
    /// page shows. Call again with the last id to read the next batch.
    public func siteItems(afterID: Int64, limit: Int) throws -> [Item] {
        try siteItems(
            where: "i.id > ?1 ORDER BY i.id LIMIT ?2",
            classificationsWhere: "item_id IN (SELECT id FROM items WHERE id > ?1 ORDER BY id LIMIT ?2)",
            arguments: [afterID, limit])
    }

    private func siteItems(where filter: String, classificationsWhere: String, arguments: StatementArguments) throws -> [Item] {
        try writer.read { db in
            let sources = try Self.sourceRefs(db)
            // Columns 0…15 as `siteCards` has them, so `card(_:)` reads both.
            let rows = try Row.fetchAll(db, sql: """
                WITH newest AS (
                    SELECT *, ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY classified_at DESC, heads_version DESC) AS rn
                    FROM classifications WHERE \(classificationsWhere)
                )
                SELECT i.id, i.title, i.url, i.arxiv_id, i.categories,
                    coalesce(i.published_at, i.first_seen_at) AS date, substr(i.summary_text, 1, 800) AS lead,
                    NULL AS source_id,
                    c.heads_version, c.sentiment, c.score, c.summary, c.tags, c.entities, c.classified_at, c.relevance,
                    i.arxiv_version, i.doi, i.authors, i.summary_text, i.summary_html, i.content_html, i.journal_ref,
                    i.comment, i.updated_at, i.first_seen_at,
                    (SELECT group_concat(source_id) FROM (
                        SELECT source_id FROM item_sources WHERE item_id = i.id ORDER BY first_seen_at, source_id)
                    ) AS source_ids,
                    c.sentiment_probabilities, c.explanation
                FROM items i
                LEFT JOIN newest c ON c.item_id = i.id AND c.rn = 1
                WHERE \(filter)
                """, arguments: arguments)
            return rows.map { row in
                let carried = (row[26] as String?)?.split(separator: ",").compactMap { Int64($0) } ?? []
                let refs = carried.compactMap { sources[$0] }
                var card = Self.card(row, sources: sources)
                card.source = refs.first
                return Item(
                    card: card,
                    arxivVersion: row[16],
                    doi: row[17],
                    authors: Self.strings(row[18]),
                    summaryText: row[19],
                    summaryHTML: row[20],
                    contentHTML: row[21],
                    journalReference: row[22],
                    comment: row[23],
                    updated: row[24],
                    firstSeen: row[25],
                    sources: refs,
                    explanationJSON: row[28],
                    sentimentProbabilities: Self.probabilities(row[27]))
            }
        }
    }

    /// The items each source carried: source id → item ids.
    public func itemIDsBySource() throws -> [Int64: [Int64]] {
        try writer.read { db in
            var map: [Int64: [Int64]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT source_id, item_id FROM item_sources")
            while let row = try rows.next() {
                map[row[0], default: []].append(row[1])
            }
            return map
        }
    }

    /// The vectors of the embedding model that read the most items, or `nil` when no item
    /// has an embedding. Vectors of another length than the model's first are skipped.
    public func siteEmbeddings() throws -> EmbeddingMatrix? {
        try writer.read { db in
            guard let model = try String.fetchOne(db, sql: """
                SELECT model_id FROM embeddings GROUP BY model_id ORDER BY COUNT(*) DESC, MAX(created_at) DESC LIMIT 1
                """)
            else { return nil }
            var ids: [Int64] = []
            var values: [Float] = []
            var dimension = 0
            let rows = try Row.fetchCursor(
                db, sql: "SELECT item_id, vector FROM embeddings WHERE model_id = ? ORDER BY item_id", arguments: [model])
            while let row = try rows.next() {
                let data: Data = row[1]
                let count = data.count / 4
                if dimension == 0 { dimension = count }
                guard count == dimension, count > 0 else { continue }
                ids.append(row[0])
                data.withUnsafeBytes { raw in
                    for i in 0..<count {
                        values.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))))
                    }
                }
            }
            return ids.isEmpty ? nil : EmbeddingMatrix(modelID: model, dimension: dimension, itemIDs: ids, values: values)
        }
    }

    // MARK: - Rows to models

    private static func sourceRefs(_ db: Database) throws -> [Int64: SourceRef] {
        var refs: [Int64: SourceRef] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, slug, title, kind FROM sources") {
            let id: Int64 = row["id"]
            refs[id] = SourceRef(id: id, slug: row["slug"], title: row["title"], kind: Source.Kind(rawValue: row["kind"]) ?? .blog)
        }
        return refs
    }

    /// A card from the columns `siteCards` selects, by position (GRDB's lookup by name
    /// lower-cases the name on every call).
    private static func card(_ row: Row, sources: [Int64: SourceRef]) -> ItemCard {
        var classification: StoredClassification?
        if let version: String = row[8] {
            classification = StoredClassification(
                headsVersion: version,
                sentiment: (row[9] as String?).flatMap { StoredClassification.Sentiment(rawValue: $0.lowercased()) },
                score: row[10] ?? 0,
                summary: row[11] ?? "",
                tags: tags(row[12]),
                entities: Self.strings(row[13]),
                relevance: row[15],
                classifiedAt: row[14] ?? Date(timeIntervalSince1970: 0))
        }
        return ItemCard(
            id: row[0], title: row[1], url: row[2], arxivID: row[3],
            categories: Self.strings(row[4]), date: row[5],
            abstractLead: row[6], source: (row[7] as Int64?).flatMap { sources[$0] }, classification: classification)
    }

    /// A JSON array of strings, read by hand when it has no escapes (nearly always: a
    /// hundred thousand `JSONSerialization` calls were a tenth of a no-change render).
    static func strings(_ json: String?) -> [String] {
        guard var json else { return [] }
        let fast: [String]? = json.withUTF8 { bytes in
            guard bytes.count >= 2, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
            var result: [String] = []
            var i = 1
            let end = bytes.count - 1
            while i < end {
                switch bytes[i] {
                case UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "\n"): i += 1
                case UInt8(ascii: "\""):
                    var j = i + 1
                    while j < end, bytes[j] != UInt8(ascii: "\"") {
                        if bytes[j] == UInt8(ascii: "\\") { return nil }
                        j += 1
                    }
                    guard j < end else { return nil }
                    result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self))
                    i = j + 1
                default: return nil
                }
            }
            return result
        }
        return fast ?? JSONStrings.decode(json)
    }

    /// `[{"slug": …, "confidence": …}]`, most confident first; plain strings are read as slugs.
    /// The shape the classify step and the hand labels write is read by hand (a hundred
    /// thousand `JSONSerialization` calls cost a second per render); anything else by
    /// `JSONSerialization`.
    static func tags(_ json: String?) -> [StoredClassification.Tag] {
        guard var json, json != "[]" else { return [] }
        let tags: [StoredClassification.Tag]
        if let fast = json.withUTF8({ fastTags($0) }) {
            tags = fast
        } else {
            guard let data = json.data(using: .utf8), let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else { return [] }
            tags = array.compactMap { element in
                if let slug = element as? String { return .init(slug: slug, confidence: 1) }
                guard let object = element as? [String: Any], let slug = object["slug"] as? String else { return nil }
                return .init(slug: slug, confidence: (object["confidence"] as? NSNumber)?.doubleValue ?? 1)
            }
        }
        if tags.count < 2 { return tags }
        return tags.enumerated().sorted { a, b in
            a.element.confidence != b.element.confidence ? a.element.confidence > b.element.confidence : a.offset < b.offset
        }.map(\.element)
    }

    /// Objects with a `slug` string and a `confidence` number (either order), no escapes;
    /// `nil` for anything else.
    private static func fastTags(_ bytes: UnsafeBufferPointer<UInt8>) -> [StoredClassification.Tag]? {
        var i = 0
        let end = bytes.count
        func skipSpace() { while i < end, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 } }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard i < end, bytes[i] == byte else { return false }
            i += 1
            return true
        }
        /// A string without escapes, as the range of its bytes.
        func quoted() -> Range<Int>? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < end, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            guard i < end else { return nil }
            i += 1
            return start..<(i - 1)
        }
        func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
            range.count == word.utf8CodeUnitCount
                && memcmp(bytes.baseAddress! + range.lowerBound, word.utf8Start, range.count) == 0
        }
        guard expect(UInt8(ascii: "[")) else { return nil }
        var tags: [StoredClassification.Tag] = []
        skipSpace()
        if i < end, bytes[i] == UInt8(ascii: "]") { return [] }
        while true {
            guard expect(UInt8(ascii: "{")) else { return nil }
            var slug: String?
            var confidence = 1.0
            while true {
                guard let key = quoted(), expect(UInt8(ascii: ":")) else { return nil }
                if equals(key, "slug") {
                    guard let value = quoted() else { return nil }
                    slug = String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self)
                } else if equals(key, "confidence") {
                    skipSpace()
                    let start = i
                    while i < end, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}"), bytes[i] != 0x20 { i += 1 }
                    guard let number = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    else { return nil }
                    confidence = number
                } else {
                    return nil
                }
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                break
            }
            guard let slug else { return nil }
            tags.append(.init(slug: slug, confidence: confidence))
            if expect(UInt8(ascii: ",")) { continue }
            guard expect(UInt8(ascii: "]")) else { return nil }
            skipSpace()
            return i == end ? tags : nil
        }
    }

    static func probabilities(_ json: String?) -> [String: Double] {
        guard let json, let data = json.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}

// MARK: - Demo and benchmark data

extension AppDatabase {
    /// A classification that a person gave (the hand labels), stored like the heads' own.
    public struct LabelledClassification: Sendable {
        public var key: ItemKey
        public var sentiment: String
        public var score: Int
        public var tags: [String]
        public var entities: [String]
        public var summary: String
        /// Stored as JSON in `classifications.explanation`.
        public var explanation: [String: any Sendable]

        public init(key: ItemKey, sentiment: String, score: Int, tags: [String], entities: [String], summary: String, explanation: [String: any Sendable]) {
            self.key = key
            self.sentiment = sentiment
            self.score = score
            self.tags = tags
            self.entities = entities
            self.summary = summary
            self.explanation = explanation
        }
    }

    /// Stores hand-labelled classifications for the items with those keys, as heads
    /// version `headsVersion`; keys not in the database are skipped.
    public func saveLabelledClassifications(_ classifications: [LabelledClassification], headsVersion: String, at now: Date) throws {
        try writer.write { db in
            for c in classifications {
                guard let itemID = try Int64.fetchOne(db, sql: "SELECT id FROM items WHERE canonical_key = ?", arguments: [c.key.rawValue])
                else { continue }
                let probabilities = "{" + ["bullish", "neutral", "bearish"].map { "\"\($0)\":\($0 == c.sentiment ? 1 : 0)" }.joined(separator: ",") + "}"
                let tags = "[" + c.tags.map { "{\"slug\":\(JSONStrings.encode([$0]).dropFirst().dropLast()),\"confidence\":1}" }.joined(separator: ",") + "]"
                let explanation = (try? JSONSerialization.data(withJSONObject: c.explanation, options: [.sortedKeys]))
                    .flatMap { String(data: $0, encoding: .utf8) }
                // A person is sure: in the field (1) or not (0).
                let relevance = c.tags.contains(Topic.fieldSlug) ? 1.0 : 0.0
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO classifications (item_id, heads_version, sentiment, sentiment_probabilities,
                            score, summary, tags, entities, explanation, relevance, classified_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [itemID, headsVersion, c.sentiment, probabilities, c.score, c.summary, tags,
                                JSONStrings.encode(c.entities), explanation, relevance, now])
            }
        }
    }
}
