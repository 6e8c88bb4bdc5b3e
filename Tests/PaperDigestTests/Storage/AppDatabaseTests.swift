import Foundation
import GRDB
import Testing
@testable import PaperDigest

@Suite struct AppDatabaseTests {
    let now = Date(timeIntervalSince1970: 1_763_700_000)

    func database(sources: [Source] = [.arxiv, .blog]) throws -> (AppDatabase, [SourceState]) {
        let database = try AppDatabase.inMemory()
        try database.syncSources(sources, now: now)
        return (database, try database.sourceStates())
    }

    func paper(_ id: String, version: Int, title: String = "Sparse autoencoders", announce: String = "new") -> ItemDraft {
        ItemDraft(
            key: .arxiv(id), arxivID: id, arxivVersion: version, url: "https://arxiv.org/abs/\(id)v\(version)",
            title: title, authors: ["Ada Lovelace", "André Weil"], summaryText: "We study features of \(title).",
            categories: ["cs.LG", "cs.AI"], published: now, guid: "oai:arXiv.org:\(id)v\(version)",
            announceType: announce)
    }

    func ok(_ at: Date) -> FetchRecord { FetchRecord(outcome: .ok, startedAt: at, httpStatus: 200, etag: "\"v1\"") }

    @Test func newerArxivVersionUpdatesTheItemAndKeepsHistory() throws {
        let (db, sources) = try database()
        let arxiv = try #require(sources.first { $0.source.kind == .arxiv })
        let first = try db.saveFetch(ok(now), entries: [paper("2401.01234", version: 1)], sourceID: arxiv.id, now: now)
        #expect(first == SaveCounts(new: 1))
        let second = try db.saveFetch(
            ok(now), entries: [paper("2401.01234", version: 2, title: "Sparse autoencoders, revised", announce: "replace")],
            sourceID: arxiv.id, now: now)
        #expect(second == SaveCounts(updated: 1))
        let older = try db.saveFetch(ok(now), entries: [paper("2401.01234", version: 1)], sourceID: arxiv.id, now: now)
        #expect(older == SaveCounts(unchanged: 1))
        #expect(try db.value("SELECT COUNT(*) FROM items") == 1)
        #expect(try db.text("SELECT title FROM items") == "Sparse autoencoders, revised")
        #expect(try db.value("SELECT arxiv_version FROM items") == 2)
        #expect(try db.writer.read { try Int.fetchAll($0, sql: "SELECT version FROM item_versions ORDER BY version") } == [1, 2])
    }

    @Test func crossListAddsASourceRowNeverADuplicate() throws {
        let (db, sources) = try database()
        try db.saveFetch(ok(now), entries: [paper("2401.01234", version: 1)], sourceID: sources[0].id, now: now)
        let counts = try db.saveFetch(
            ok(now), entries: [paper("2401.01234", version: 1, announce: "cross")], sourceID: sources[1].id, now: now)
        #expect(counts == SaveCounts(unchanged: 1))
        #expect(try db.value("SELECT COUNT(*) FROM items") == 1)
        #expect(try db.value("SELECT COUNT(*) FROM item_sources") == 2)
    }

    @Test func sameUrlWithTrackingParametersIsOneItem() throws {
        let (db, sources) = try database()
        let a = try #require(ItemDraft(
            entry: Entry(link: "https://www.example.org/post?utm_source=rss&id=3#top", title: "Post"), plainText: { $0 }))
        let b = try #require(ItemDraft(
            entry: Entry(id: "http://example.org/post?id=3", title: "Post"), plainText: { $0 }))
        #expect(a.key == b.key)
        try db.saveFetch(ok(now), entries: [a, b], sourceID: sources[1].id, now: now)
        #expect(try db.stats().items == 1)
    }

    @Test func arxivLinkInABlogPostJoinsThePaper() throws {
        let entry = Entry(id: "tag:blog,2025:1", link: "https://arxiv.org/abs/2401.01234v3", title: "Our paper")
        let draft = try #require(ItemDraft(entry: entry, plainText: { $0 }))
        #expect(draft.key == .arxiv("2401.01234"))
    }

    @Test func failedFetchBacksOffAndKeepsValidators() throws {
        let (db, sources) = try database()
        try db.saveFetch(ok(now), entries: [], sourceID: sources[0].id, now: now)
        let later = now.addingTimeInterval(3600)
        try db.saveFetch(
            FetchRecord(outcome: .failed, startedAt: later, httpStatus: 500, error: "HTTP 500", nextFetchAt: later.addingTimeInterval(7200)),
            entries: [], sourceID: sources[0].id, now: later)
        let state = try #require(try db.sourceStates().first { $0.id == sources[0].id })
        #expect(state.etag == "\"v1\"")
        #expect(state.consecutiveFailures == 1)
        #expect(state.lastError == "HTTP 500")
        #expect(!state.isDue(at: later.addingTimeInterval(60)))
        #expect(state.isDue(at: later.addingTimeInterval(7201)))
    }

    @Test func goneDisablesAndPermanentRedirectMovesTheFetchURL() throws {
        let (db, sources) = try database()
        try db.saveFetch(
            FetchRecord(outcome: .ok, startedAt: now, httpStatus: 200, permanentURL: "https://new.example.org/feed"),
            entries: [], sourceID: sources[0].id, now: now)
        try db.saveFetch(
            FetchRecord(outcome: .failed, startedAt: now, httpStatus: 410, error: "HTTP 410 Gone", disableReason: "gone (HTTP 410)"),
            entries: [], sourceID: sources[1].id, now: now)
        let states = try db.sourceStates()
        #expect(states.first { $0.id == sources[0].id }?.fetchURL == "https://new.example.org/feed")
        #expect(states.first { $0.id == sources[1].id }?.disabledReason == "gone (HTTP 410)")
        // Sync from the configuration keeps the moved URL.
        try db.syncSources([.arxiv, .blog], now: now)
        #expect(try db.sourceStates().first { $0.id == sources[0].id }?.fetchURL == "https://new.example.org/feed")
    }

    @Test func sourcesDroppedFromTheListAreDisabledNotDeleted() throws {
        let (db, sources) = try database()
        try db.saveFetch(ok(now), entries: [paper("2401.01234", version: 1)], sourceID: sources[1].id, now: now)
        try db.syncSources([.arxiv], now: now)
        let states = try db.sourceStates()
        #expect(states.count == 2)
        #expect(states.first { $0.source.url == Source.blog.url }?.disabledReason == "not in sources.opml")
        #expect(try db.stats().items == 1)
    }

    @Test func searchRanksTitleMatchesFirstWithSnippets() throws {
        let (db, sources) = try database()
        var other = paper("2401.00002", version: 1, title: "Reinforcement learning for robots")
        other.summaryText = "A method with a sparse reward and no autoencoder."
        try db.saveFetch(ok(now), entries: [paper("2401.00001", version: 1), other], sourceID: sources[0].id, now: now)
        let hits = try db.search("sparse autoencoder")
        #expect(hits.map(\.arxivID) == ["2401.00001", "2401.00002"])
        #expect(hits[0].snippet.contains("["))
        #expect(try db.search("andre").count == 2)  // diacritics folded in author names
        #expect(try db.search("\"unbalanced").isEmpty)  // typed quotes are literal, not syntax
    }

    @Test func handWrittenDatesMatchGRDBsOwnFormat() {
        for seconds in [0.0, 1_763_700_000.123, 951_782_400.999, -86_400.5, 4_102_444_800, 1_709_164_800] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(DatabaseDate.text(date) == String.fromDatabaseValue(date.databaseValue), "\(seconds)")
        }
    }

    @Test func aFailedSaveLeavesNothingBehind() throws {
        let (db, sources) = try database()
        #expect(throws: (any Error).self) {
            try db.saveFetch(ok(now), entries: [paper("2401.01234", version: 1)], sourceID: 999, now: now)
        }
        #expect(try db.stats().items == 0)
        #expect(try db.stats().fetches == 0)
        _ = sources
    }
}

extension Source {
    static let arxiv = Source(url: "https://rss.arxiv.org/rss/cs.LG+cs.AI+cs.CL", title: "arXiv cs.LG + cs.AI + cs.CL", kind: .arxiv, politenessDelay: 3)
    static let blog = Source(url: "https://transformer-circuits.pub/feed.xml", title: "Transformer Circuits", kind: .lab)
}

extension AppDatabase {
    func value(_ sql: String) throws -> Int? { try writer.read { try Int.fetchOne($0, sql: sql) } }
    func text(_ sql: String) throws -> String? { try writer.read { try String.fetchOne($0, sql: sql) } }
}
