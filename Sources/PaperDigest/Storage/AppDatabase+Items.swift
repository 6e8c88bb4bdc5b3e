import Foundation
import GRDB

extension AppDatabase {
    enum SaveResult { case new, updated, unchanged }

    // MARK: - Saving items

    /// Saves one item carried by a source: inserts it, or updates the item that has the
    /// same canonical key. An arXiv item only takes the fields of a newer version (an older
    /// or equal one only fills gaps), so two feeds carrying the same paper never fight;
    /// every version seen is kept in `item_versions`.
    func saveItem(_ draft: ItemDraft, sourceID: Int64, now: Date, _ db: Database) throws -> SaveResult {
        let result: SaveResult
        let itemID: Int64
        if let stored = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM items WHERE canonical_key = ?"), arguments: [draft.key.rawValue])
        {
            itemID = stored["id"]
            let storedVersion: Int? = stored["arxiv_version"]
            let isNewerVersion: Bool
            switch (draft.arxivVersion, storedVersion) {
            case let (incoming?, known?): isNewerVersion = incoming > known
            case (.some, nil): isNewerVersion = true
            default: isNewerVersion = false
            }
            let isArxiv = draft.arxivID != nil
            let replaces = isNewerVersion || !isArxiv
            let merged = StoredItemFields(row: stored).merged(with: draft, replacing: replaces)
            if merged != StoredItemFields(row: stored) {
                try merged.update(itemID: itemID, lastSeen: now, db)
                result = .updated
            } else {
                try db.cachedStatement(sql: "UPDATE items SET last_seen_at = ? WHERE id = ?")
                    .execute(arguments: [DatabaseDate.text(now), itemID])
                result = .unchanged
            }
        } else {
            try StoredItemFields(draft: draft).insert(key: draft.key, firstSeen: now, db)
            itemID = db.lastInsertedRowID
            result = .new
        }
        if let version = draft.arxivVersion {
            try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO item_versions (item_id, version, title, summary_text, updated_at, seen_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                .execute(arguments: [itemID, version, draft.title, draft.summaryText,
                                     DatabaseDate.text(draft.updated ?? draft.published), DatabaseDate.text(now)])
        }
        let seen = DatabaseDate.text(now)
        try db.cachedStatement(sql: """
                INSERT INTO item_sources (item_id, source_id, guid, announce_type, first_seen_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (item_id, source_id) DO UPDATE SET
                    last_seen_at = excluded.last_seen_at,
                    guid = coalesce(excluded.guid, guid),
                    announce_type = coalesce(excluded.announce_type, announce_type)
                """)
            .execute(arguments: [itemID, sourceID, draft.guid, draft.announceType, seen, seen])
        return result
    }
}

/// The columns of `items` a feed can change, compared as one value to decide "updated".
struct StoredItemFields: Equatable {
    var arxivID: String?
    var arxivVersion: Int?
    var doi: String?
    var url: String?
    var title: String
    var authors: [String]
    var summaryHTML: String?
    var summaryText: String?
    var contentHTML: String?
    var categories: [String]
    var journalReference: String?
    var comment: String?
    var published: Date?
    var updated: Date?

    init(draft: ItemDraft) {
        arxivID = draft.arxivID
        arxivVersion = draft.arxivVersion
        doi = draft.doi
        url = draft.url
        title = draft.title
        authors = draft.authors
        summaryHTML = draft.summaryHTML
        summaryText = draft.summaryText
        contentHTML = draft.contentHTML
        categories = draft.categories
        journalReference = draft.journalReference
        comment = draft.comment
        published = draft.published
        updated = draft.updated
    }

    init(row: Row) {
        arxivID = row["arxiv_id"]
        arxivVersion = row["arxiv_version"]
        doi = row["doi"]
        url = row["url"]
        title = row["title"]
        authors = JSONStrings.decode(row["authors"])
        summaryHTML = row["summary_html"]
        summaryText = row["summary_text"]
        contentHTML = row["content_html"]
        categories = JSONStrings.decode(row["categories"])
        journalReference = row["journal_ref"]
        comment = row["comment"]
        published = row["published_at"]
        updated = row["updated_at"]
    }

    /// The stored fields after seeing `draft`: replaced by it when `replacing`, otherwise
    /// only gaps filled. The first publication date never moves.
    func merged(with draft: ItemDraft, replacing: Bool) -> StoredItemFields {
        var merged = self
        func pick<T>(_ old: T?, _ new: T?) -> T? { replacing ? (new ?? old) : (old ?? new) }
        merged.arxivID = pick(arxivID, draft.arxivID)
        merged.arxivVersion = pick(arxivVersion, draft.arxivVersion)
        merged.doi = pick(doi, draft.doi)
        merged.url = pick(url, draft.url)
        merged.title = replacing && !draft.title.isEmpty ? draft.title : title
        merged.authors = replacing && !draft.authors.isEmpty ? draft.authors : (authors.isEmpty ? draft.authors : authors)
        merged.summaryHTML = pick(summaryHTML, draft.summaryHTML)
        merged.summaryText = pick(summaryText, draft.summaryText)
        merged.contentHTML = pick(contentHTML, draft.contentHTML)
        merged.categories = replacing && !draft.categories.isEmpty ? draft.categories : (categories.isEmpty ? draft.categories : categories)
        merged.journalReference = pick(journalReference, draft.journalReference)
        merged.comment = pick(comment, draft.comment)
        merged.published = published ?? draft.published
        merged.updated = pick(updated, draft.updated)
        return merged
    }

    func insert(key: ItemKey, firstSeen: Date, _ db: Database) throws {
        try db.cachedStatement(sql: """
                INSERT INTO items (canonical_key, arxiv_id, arxiv_version, doi, url, title, authors, authors_text,
                    summary_html, summary_text, content_html, categories, journal_ref, comment,
                    published_at, updated_at, first_seen_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            .execute(arguments: [key.rawValue, arxivID, arxivVersion, doi, url, title, JSONStrings.encode(authors),
                                 authors.joined(separator: ", "), summaryHTML, summaryText, contentHTML,
                                 JSONStrings.encode(categories), journalReference, comment, DatabaseDate.text(published),
                                 DatabaseDate.text(updated), DatabaseDate.text(firstSeen), DatabaseDate.text(firstSeen)])
    }

    func update(itemID: Int64, lastSeen: Date, _ db: Database) throws {
        try db.cachedStatement(sql: """
                UPDATE items SET arxiv_id = ?, arxiv_version = ?, doi = ?, url = ?, title = ?, authors = ?,
                    authors_text = ?, summary_html = ?, summary_text = ?, content_html = ?, categories = ?,
                    journal_ref = ?, comment = ?, published_at = ?, updated_at = ?, last_seen_at = ?
                WHERE id = ?
                """)
            .execute(arguments: [arxivID, arxivVersion, doi, url, title, JSONStrings.encode(authors),
                                 authors.joined(separator: ", "), summaryHTML, summaryText, contentHTML,
                                 JSONStrings.encode(categories), journalReference, comment, DatabaseDate.text(published),
                                 DatabaseDate.text(updated), DatabaseDate.text(lastSeen), itemID])
    }
}

/// JSON arrays of strings as stored in text columns, without a JSONEncoder per row.
enum JSONStrings {
    static func encode(_ strings: [String]) -> String {
        var out = "["
        for (i, s) in strings.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        return out + "]"
    }

    static func decode(_ json: String?) -> [String] {
        guard let json, let data = json.data(using: .utf8),
            let strings = try? JSONSerialization.jsonObject(with: data) as? [String]
        else { return [] }
        return strings
    }
}
