import Foundation
import GRDB

extension AppDatabase {
    // MARK: - Following sources

    /// Makes the `sources` table follow the configured list: new sources are added, known
    /// ones get their title, kind and options updated, sources no longer listed are disabled
    /// (their items stay).
    public func syncSources(_ sources: [Source], now: Date) throws {
        try writer.write { db in
            var listed = Set<String>()
            for source in sources {
                listed.insert(source.url)
                let slug = try uniqueSlug(source.slug, for: source.url, db)
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM sources WHERE configured_url = ?", arguments: [source.url]) == true {
                    try db.execute(
                        sql: """
                            UPDATE sources SET title = ?, slug = ?, kind = ?, site_url = ?, politeness_delay = ?,
                                is_enabled = ?,
                                disabled_reason = CASE WHEN disabled_reason = 'not in sources.opml' THEN NULL ELSE disabled_reason END
                            WHERE configured_url = ?
                            """,
                        arguments: [source.title, slug, source.kind.rawValue, source.siteURL, source.politenessDelay,
                                    source.isEnabled, source.url])
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO sources (configured_url, url, title, slug, kind, site_url, politeness_delay, is_enabled, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [source.url, source.url, source.title, slug, source.kind.rawValue, source.siteURL,
                                    source.politenessDelay, source.isEnabled, now])
                }
            }
            let known = try String.fetchAll(db, sql: "SELECT configured_url FROM sources WHERE disabled_reason IS NULL")
            for url in known where !listed.contains(url) {
                try db.execute(
                    sql: "UPDATE sources SET disabled_reason = 'not in sources.opml' WHERE configured_url = ?",
                    arguments: [url])
            }
        }
    }

    /// Every source the database knows, listed ones first, with health and item counts.
    public func sourceStates() throws -> [SourceState] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sources.*, (SELECT COUNT(*) FROM item_sources WHERE source_id = sources.id) AS item_count
                FROM sources ORDER BY disabled_reason IS NOT NULL, title COLLATE NOCASE
                """).map(SourceState.init(row:))
        }
    }

    /// Records one fetch attempt and, in the same transaction, the entries it brought.
    ///
    /// Either all of it is stored or none of it: a run killed half-way leaves the source's
    /// validators untouched, so the next run fetches the same feed again.
    /// - Returns: how many items were new, updated or unchanged.
    @discardableResult
    public func saveFetch(_ record: FetchRecord, entries: [ItemDraft], sourceID: Int64, now: Date) throws -> SaveCounts {
        try writer.write { db in
            var counts = SaveCounts()
            for draft in entries {
                switch try saveItem(draft, sourceID: sourceID, now: now, db) {
                case .new: counts.new += 1
                case .updated: counts.updated += 1
                case .unchanged: counts.unchanged += 1
                }
            }
            try recordFetch(record, counts: counts, sourceID: sourceID, db)
            return counts
        }
    }

    private func recordFetch(_ record: FetchRecord, counts: SaveCounts, sourceID: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO fetches (source_id, started_at, duration, outcome, http_status, bytes, new_items, updated_items, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [sourceID, record.startedAt, record.duration, record.outcome.rawValue, record.httpStatus,
                        record.bytes, counts.new, counts.updated, record.error])
        switch record.outcome {
        case .ok, .notModified:
            try db.execute(
                sql: """
                    UPDATE sources SET last_status = ?, last_error = ?, last_fetched_at = ?, last_success_at = ?,
                        consecutive_failures = 0, next_fetch_at = ?,
                        etag = CASE WHEN ? THEN ? ELSE etag END,
                        last_modified = CASE WHEN ? THEN ? ELSE last_modified END
                    WHERE id = ?
                    """,
                arguments: [record.httpStatus, record.outcome == .ok ? record.error : nil, record.startedAt,
                            record.startedAt, record.nextFetchAt,
                            record.outcome == .ok, record.etag, record.outcome == .ok, record.lastModified, sourceID])
        case .failed:
            try db.execute(
                sql: """
                    UPDATE sources SET last_status = ?, last_error = ?, last_fetched_at = ?,
                        consecutive_failures = consecutive_failures + 1, next_fetch_at = ?
                    WHERE id = ?
                    """,
                arguments: [record.httpStatus, record.error, record.startedAt, record.nextFetchAt, sourceID])
        }
        if let url = record.permanentURL {
            try db.execute(sql: "UPDATE sources SET url = ? WHERE id = ?", arguments: [url, sourceID])
        }
        if let reason = record.disableReason {
            try db.execute(sql: "UPDATE sources SET disabled_reason = ? WHERE id = ?", arguments: [reason, sourceID])
        }
    }

    /// Clears a source's backoff and disabled state so the next run fetches it.
    public func resetSource(configuredURL: String) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE sources SET consecutive_failures = 0, next_fetch_at = NULL,
                        disabled_reason = CASE WHEN disabled_reason = 'not in sources.opml' THEN disabled_reason ELSE NULL END
                    WHERE configured_url = ?
                    """,
                arguments: [configuredURL])
        }
    }

    private func uniqueSlug(_ slug: String, for url: String, _ db: Database) throws -> String {
        var candidate = slug
        var n = 2
        while let owner = try String.fetchOne(db, sql: "SELECT configured_url FROM sources WHERE slug = ?", arguments: [candidate]),
            owner != url
        {
            candidate = "\(slug)-\(n)"
            n += 1
        }
        return candidate
    }
}

extension SourceState {
    init(row: Row) {
        let source = Source(
            url: row["configured_url"], title: row["title"],
            kind: Source.Kind(rawValue: row["kind"]) ?? .blog, siteURL: row["site_url"], slug: row["slug"],
            politenessDelay: row["politeness_delay"], isEnabled: row["is_enabled"])
        self.init(
            id: row["id"], source: source, fetchURL: row["url"], etag: row["etag"],
            lastModified: row["last_modified"], lastStatus: row["last_status"], lastError: row["last_error"],
            lastFetchedAt: row["last_fetched_at"], lastSuccessAt: row["last_success_at"],
            consecutiveFailures: row["consecutive_failures"], nextFetchAt: row["next_fetch_at"],
            disabledReason: row["disabled_reason"], itemCount: row["item_count"] ?? 0)
    }
}
