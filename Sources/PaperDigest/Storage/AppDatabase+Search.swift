import Foundation
import GRDB

/// One result of a full-text search.
public struct SearchHit: Sendable, Hashable {
    public var itemID: Int64
    public var title: String
    public var url: String?
    public var arxivID: String?
    public var published: Date?
    /// A passage around the matched words, the matches marked with `[` and `]`.
    public var snippet: String
    /// bm25 rank: lower is better.
    public var rank: Double
}

/// Counts that tell a user the state of their database.
public struct DatabaseStats: Sendable, Hashable {
    public var items: Int
    public var arxivItems: Int
    public var itemVersions: Int
    public var sources: Int
    public var enabledSources: Int
    public var failingSources: Int
    public var fetches: Int
    public var classified: Int
    public var embeddings: Int
    public var labels: Int
    public var newestItem: Date?
    public var lastFetch: Date?
    public var itemsPerSource: [(title: String, count: Int)]

    public static func == (lhs: DatabaseStats, rhs: DatabaseStats) -> Bool {
        lhs.items == rhs.items && lhs.sources == rhs.sources && lhs.fetches == rhs.fetches
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(items) }
}

extension AppDatabase {
    /// Searches titles, abstracts and authors, best matches first (bm25, title weighted most).
    ///
    /// - Parameters:
    ///   - query: words as a person types them; every word must match (prefixes too).
    ///     With `raw`, the query is FTS5 syntax (`"sparse autoencoder" OR transcoder`).
    public func search(_ query: String, limit: Int = 20, raw: Bool = false) throws -> [SearchHit] {
        let match = raw ? query : Self.ftsQuery(query)
        guard !match.isEmpty else { return [] }
        return try writer.read { db in
            do {
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT items.id, items.title, items.url, items.arxiv_id, items.published_at,
                            snippet(items_fts, 1, '[', ']', '…', 24) AS snippet,
                            bm25(items_fts, 10.0, 1.0, 4.0) AS rank
                        FROM items_fts JOIN items ON items.id = items_fts.rowid
                        WHERE items_fts MATCH ?
                        ORDER BY rank LIMIT ?
                        """,
                    arguments: [match, limit]
                ).map { row in
                    SearchHit(
                        itemID: row["id"], title: row["title"], url: row["url"], arxivID: row["arxiv_id"],
                        published: row["published_at"], snippet: row["snippet"] ?? "", rank: row["rank"])
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                throw PaperDigestError(.store, "not a valid search query: \(error.message ?? "syntax error")", at: query)
            }
        }
    }

    /// Turns typed words into an FTS5 query: each word quoted (so `-`, `:` and `"` are
    /// literal) and matched as a prefix, all words required.
    static func ftsQuery(_ text: String) -> String {
        var terms: [String] = []
        var word = ""
        func flush() {
            if !word.isEmpty { terms.append("\"" + word + "\"*") }
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber { word.append(character) } else { flush() }
        }
        flush()
        return terms.joined(separator: " ")
    }

    /// Counts of what the database holds.
    public func stats() throws -> DatabaseStats {
        try writer.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            let perSource = try Row.fetchAll(db, sql: """
                SELECT sources.title, COUNT(item_sources.item_id) AS n FROM sources
                LEFT JOIN item_sources ON item_sources.source_id = sources.id
                GROUP BY sources.id ORDER BY n DESC, sources.title
                """).map { (title: $0["title"] as String, count: $0["n"] as Int) }
            return DatabaseStats(
                items: try count("SELECT COUNT(*) FROM items"),
                arxivItems: try count("SELECT COUNT(*) FROM items WHERE arxiv_id IS NOT NULL"),
                itemVersions: try count("SELECT COUNT(*) FROM item_versions"),
                sources: try count("SELECT COUNT(*) FROM sources"),
                enabledSources: try count("SELECT COUNT(*) FROM sources WHERE is_enabled AND disabled_reason IS NULL"),
                failingSources: try count("SELECT COUNT(*) FROM sources WHERE consecutive_failures > 0 OR disabled_reason IS NOT NULL"),
                fetches: try count("SELECT COUNT(*) FROM fetches"),
                classified: try count("SELECT COUNT(DISTINCT item_id) FROM classifications"),
                embeddings: try count("SELECT COUNT(*) FROM embeddings"),
                labels: try count("SELECT COUNT(*) FROM labels"),
                newestItem: try Date.fetchOne(db, sql: "SELECT MAX(published_at) FROM items"),
                lastFetch: try Date.fetchOne(db, sql: "SELECT MAX(started_at) FROM fetches"),
                itemsPerSource: perSource)
        }
    }

    /// `PRAGMA integrity_check`'s answer: `ok` for a sound file.
    public func integrityCheck() throws -> String {
        try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}
