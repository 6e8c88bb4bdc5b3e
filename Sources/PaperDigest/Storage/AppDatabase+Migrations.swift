import GRDB

extension AppDatabase {
    /// The schema's history. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: sources, fetches, items") { db in
            try db.execute(sql: """
                CREATE TABLE sources (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    configured_url TEXT NOT NULL UNIQUE,
                    url TEXT NOT NULL,
                    title TEXT NOT NULL,
                    slug TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    site_url TEXT,
                    politeness_delay REAL,
                    is_enabled INTEGER NOT NULL DEFAULT 1,
                    disabled_reason TEXT,
                    etag TEXT,
                    last_modified TEXT,
                    last_status INTEGER,
                    last_error TEXT,
                    last_fetched_at DATETIME,
                    last_success_at DATETIME,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    next_fetch_at DATETIME,
                    created_at DATETIME NOT NULL
                );

                CREATE TABLE fetches (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
                    started_at DATETIME NOT NULL,
                    duration REAL NOT NULL,
                    outcome TEXT NOT NULL,           -- ok, not-modified, failed
                    http_status INTEGER,
                    bytes INTEGER NOT NULL DEFAULT 0,
                    new_items INTEGER NOT NULL DEFAULT 0,
                    updated_items INTEGER NOT NULL DEFAULT 0,
                    error TEXT
                );
                CREATE INDEX fetches_by_source ON fetches(source_id, started_at);

                CREATE TABLE items (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    canonical_key TEXT NOT NULL UNIQUE,
                    arxiv_id TEXT,
                    arxiv_version INTEGER,
                    doi TEXT,
                    url TEXT,
                    title TEXT NOT NULL,
                    authors TEXT NOT NULL DEFAULT '[]',      -- JSON array of names
                    authors_text TEXT NOT NULL DEFAULT '',   -- names joined, for search
                    summary_html TEXT,
                    summary_text TEXT,
                    content_html TEXT,
                    categories TEXT NOT NULL DEFAULT '[]',   -- JSON array, primary first
                    journal_ref TEXT,
                    comment TEXT,
                    published_at DATETIME,
                    updated_at DATETIME,
                    first_seen_at DATETIME NOT NULL,
                    last_seen_at DATETIME NOT NULL
                );
                CREATE INDEX items_by_arxiv_id ON items(arxiv_id);
                CREATE INDEX items_by_doi ON items(doi);
                CREATE INDEX items_by_published ON items(published_at);
                CREATE INDEX items_by_first_seen ON items(first_seen_at);

                -- Every arXiv version seen of an item, so nothing is lost when a newer one arrives.
                CREATE TABLE item_versions (
                    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    summary_text TEXT,
                    updated_at DATETIME,
                    seen_at DATETIME NOT NULL,
                    PRIMARY KEY (item_id, version)
                );

                CREATE TABLE item_sources (
                    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
                    guid TEXT,
                    announce_type TEXT,
                    first_seen_at DATETIME NOT NULL,
                    last_seen_at DATETIME NOT NULL,
                    PRIMARY KEY (item_id, source_id)
                );
                CREATE INDEX item_sources_by_source ON item_sources(source_id);

                CREATE VIRTUAL TABLE items_fts USING fts5(
                    title, summary_text, authors_text,
                    content='items', content_rowid='id',
                    tokenize='porter unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
                    INSERT INTO items_fts(rowid, title, summary_text, authors_text)
                    VALUES (new.id, new.title, new.summary_text, new.authors_text);
                END;
                CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
                    INSERT INTO items_fts(items_fts, rowid, title, summary_text, authors_text)
                    VALUES ('delete', old.id, old.title, old.summary_text, old.authors_text);
                END;
                CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary_text, authors_text ON items BEGIN
                    INSERT INTO items_fts(items_fts, rowid, title, summary_text, authors_text)
                    VALUES ('delete', old.id, old.title, old.summary_text, old.authors_text);
                    INSERT INTO items_fts(rowid, title, summary_text, authors_text)
                    VALUES (new.id, new.title, new.summary_text, new.authors_text);
                END;
                """)
        }

        migrator.registerMigration("v1: what was read of items") { db in
            try db.execute(sql: """
                CREATE TABLE embeddings (
                    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    model_id TEXT NOT NULL,
                    vector BLOB NOT NULL,              -- little-endian Float32
                    created_at DATETIME NOT NULL,
                    PRIMARY KEY (item_id, model_id)
                );

                CREATE TABLE classifications (
                    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    heads_version TEXT NOT NULL,
                    sentiment TEXT NOT NULL,            -- bullish, neutral, bearish
                    sentiment_probabilities TEXT NOT NULL, -- JSON object
                    score INTEGER NOT NULL,
                    summary TEXT NOT NULL,
                    tags TEXT NOT NULL,                 -- JSON [{slug, confidence}]
                    entities TEXT NOT NULL,             -- JSON [slug]
                    explanation TEXT,                   -- JSON
                    classified_at DATETIME NOT NULL,
                    PRIMARY KEY (item_id, heads_version)
                );
                CREATE INDEX classifications_by_version ON classifications(heads_version);

                CREATE TABLE labels (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    sentiment TEXT,
                    score INTEGER,
                    tags TEXT,                          -- JSON array of slugs
                    created_at DATETIME NOT NULL
                );
                CREATE INDEX labels_by_item ON labels(item_id);
                """)
        }

        migrator.registerMigration("v2: relevance of a classification") { db in
            // The field tag's confidence (0…1), kept also when the item is not tagged, so the
            // digest can gate and rank on it. NULL for rows written before.
            try db.execute(sql: "ALTER TABLE classifications ADD COLUMN relevance REAL")
        }
        return migrator
    }
}
