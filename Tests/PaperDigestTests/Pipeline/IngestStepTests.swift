import Foundation
import GRDB
import Logging
import Testing
@testable import PaperDigest

/// Every way a source can go wrong, served by a real HTTP server on 127.0.0.1, through the
/// whole fetch → parse → store step into a real SQLite file; after each run the database holds
/// exactly what it should and every healthy source was ingested.
@Suite(.serialized) struct IngestStepTests {
    let now = Date(timeIntervalSince1970: 1_763_700_000)

    struct Case {
        var slug: String
        var path: String
        var response: LocalHTTPServer.Response?
    }

    func makeStep(_ database: AppDatabase, deadline: Double = 1.0, cap: Int = 1 << 20) -> IngestStep {
        let client = HTTPClient.live(HTTPClient.Configuration(deadline: deadline, maxBodyBytes: cap))
        let fetcher = Fetcher(
            client: client, configuration: Fetcher.Configuration(maxConcurrentHosts: 4, defaultPolitenessDelay: 0))
        return IngestStep(database: database, fetcher: fetcher, logger: Logger(label: "test"))
    }

    func source(_ server: LocalHTTPServer, _ slug: String, _ path: String, kind: Source.Kind = .blog) -> Source {
        Source(url: server.url(path), title: slug, kind: kind, slug: slug, politenessDelay: 0)
    }

    func itemCount(_ database: AppDatabase, slug: String) throws -> Int {
        try database.writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM item_sources JOIN sources ON sources.id = item_sources.source_id
                WHERE sources.slug = ?
                """, arguments: [slug]) ?? -1
        }
    }

    func state(_ database: AppDatabase, _ slug: String) throws -> SourceState {
        try #require(try database.sourceStates().first { $0.source.slug == slug })
    }

    @Test func everyFailureStaysLocalAndHealthySourcesAreIngested() async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let arxiv = try SharedFiles.feed("arxiv/rss2-combined-cs.LG+cs.AI+cs.CL+stat.ML.xml")
        let circuits = try SharedFiles.feed("blogs/transformer-circuits-atom.xml")
        let deepmind = try SharedFiles.feed("blogs/deepmind-blog-rss.xml")
        let openai = try SharedFiles.feed("blogs/mirror-openai-research.xml")
        let anthropic = try SharedFiles.feed("blogs/mirror-anthropic-news.xml")
        let goodfire = try SharedFiles.feed("blogs/mirror-goodfire.xml")
        let farai = try SharedFiles.feed("blogs/mirror-far-ai.xml")

        server.route("/arxiv.xml") { .conditional($0, body: arxiv, contentType: "application/rss+xml", etag: "\"a1\"") }
        server.route("/circuits.xml", .compressed(circuits, contentType: "application/atom+xml"))
        server.route("/old-deepmind.xml", .redirect(301, to: "/deepmind.xml"))
        server.route("/deepmind.xml", .ok(deepmind, contentType: "application/rss+xml"))
        server.route("/temp-openai.xml", .redirect(302, to: "/openai.xml"))
        server.route("/openai.xml", .ok(openai, contentType: "application/rss+xml"))
        server.route("/old-anthropic.xml", .redirect(308, to: "/anthropic.xml"))
        server.route("/anthropic.xml", .ok(anthropic, contentType: "application/rss+xml"))
        server.route("/loop-a", .redirect(302, to: "/loop-b"))
        server.route("/loop-b", .redirect(302, to: "/loop-a"))
        server.route("/missing.xml", .status(404, "not here"))
        server.route("/gone.xml", .status(410, "gone"))
        server.route("/busy.xml", .status(429, "slow down", headers: [("Retry-After", "120")]))
        server.route("/broken.xml", .status(500, "oops"))
        server.route("/silent.xml", .noAnswer(for: 3))
        server.route("/trickle.xml", .trickle(goodfire, chunkSize: 200, every: 0.2))
        server.route("/huge.xml", .ok(Data(repeating: 0x20, count: 3 << 20) + farai, contentType: "application/rss+xml"))
        server.route("/page.html", .ok("<!DOCTYPE html><html><head><title>Blog</title></head><body><p>Hi</p></body></html>",
                                       contentType: "text/html; charset=utf-8"))
        server.route("/cut.xml", .truncated(farai.prefix(farai.count / 2), declaredLength: farai.count))
        server.route("/half.xml", .closeDelimited(farai.prefix(farai.count / 2)))
        let latin1 = #"<?xml version="1.0"?><rss version="2.0"><channel><title>Liar</title><item><title>Café numérique</title><guid>https://liar.example/1</guid></item></channel></rss>"#
            .data(using: .isoLatin1)!
        server.route("/liar.xml", .ok(latin1, contentType: "application/rss+xml; charset=utf-8"))

        let sources = [
            source(server, "arxiv", "/arxiv.xml", kind: .arxiv),
            source(server, "circuits", "/circuits.xml"),
            source(server, "deepmind", "/old-deepmind.xml"),
            source(server, "openai", "/temp-openai.xml"),
            source(server, "anthropic", "/old-anthropic.xml"),
            source(server, "loop", "/loop-a"),
            source(server, "missing", "/missing.xml"),
            source(server, "gone", "/gone.xml"),
            source(server, "busy", "/busy.xml"),
            source(server, "broken", "/broken.xml"),
            source(server, "silent", "/silent.xml"),
            source(server, "trickle", "/trickle.xml"),
            source(server, "huge", "/huge.xml"),
            source(server, "page", "/page.html"),
            source(server, "cut", "/cut.xml"),
            source(server, "half", "/half.xml"),
            source(server, "liar", "/liar.xml"),
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: folder.appendingPathComponent("pd.sqlite").path)
        let step = makeStep(database)

        let started = Date()
        let report = try await step.run(sources: sources, now: now)
        let elapsed = Date().timeIntervalSince(started)
        let results = Dictionary(uniqueKeysWithValues: report.sources.map { ($0.title, $0) })

        // Healthy sources: every entry stored, once.
        #expect(try itemCount(database, slug: "arxiv") == 4)
        #expect(try itemCount(database, slug: "circuits") == 55)
        #expect(try itemCount(database, slug: "deepmind") == 100)
        #expect(try itemCount(database, slug: "openai") == 194)
        #expect(try itemCount(database, slug: "anthropic") == 255)
        #expect(try state(database, "deepmind").fetchURL == server.url("/deepmind.xml"))   // 301 moves it
        #expect(try state(database, "anthropic").fetchURL == server.url("/anthropic.xml")) // 308 moves it
        #expect(try state(database, "openai").fetchURL == server.url("/temp-openai.xml"))  // 302 does not
        #expect(try state(database, "arxiv").etag == "\"a1\"")
        let paper = try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM items WHERE arxiv_id = '2609.26811'")
        }
        #expect(paper?["arxiv_version"] == 1)
        #expect((paper?["summary_text"] as String?)?.isEmpty == false)

        // A charset that lies is recovered, with a warning.
        #expect(try itemCount(database, slug: "liar") == 1)
        #expect(try database.text("SELECT title FROM items WHERE url LIKE 'https://liar.example/%' OR canonical_key LIKE '%liar.example%'") == "Café numérique")
        #expect(results["liar"]?.warnings.isEmpty == false)

        // A document cut short by a closed connection keeps the entries that arrived whole.
        #expect(results["half"]?.result == .fetched)
        #expect(results["half"]?.warnings.isEmpty == false)
        let half = try itemCount(database, slug: "half")
        #expect(half > 0 && half < 58)

        // Failures: recorded on their source, nothing stored, the run went on.
        for slug in ["loop", "missing", "gone", "busy", "broken", "silent", "trickle", "huge", "page", "cut"] {
            #expect(results[slug]?.result == .failed, "\(slug) should fail")
            #expect(try itemCount(database, slug: slug) == 0, "\(slug) stored items")
            #expect(try state(database, slug).consecutiveFailures == 1, "\(slug) failure not counted")
        }
        #expect(results["loop"]?.reason?.contains("loop") == true)
        #expect(results["silent"]?.reason?.contains("deadline") == true || results["silent"]?.reason?.contains("second") == true)
        #expect(results["huge"]?.reason?.contains("MiB") == true)
        #expect(results["page"]?.reason?.contains("HTML") == true)
        #expect(try state(database, "gone").disabledReason != nil)
        #expect(try state(database, "busy").nextFetchAt == now.addingTimeInterval(120))
        #expect(try state(database, "broken").nextFetchAt.map { $0 > now } == true)
        #expect(elapsed < 20, "slow sources must not hold the run beyond their deadline")

        let items = try database.stats().items

        // Second run: 304 for arXiv, backing-off sources skipped, nothing duplicated.
        let later = now.addingTimeInterval(60)
        let second = try await step.run(sources: sources, now: later)
        let again = Dictionary(uniqueKeysWithValues: second.sources.map { ($0.title, $0) })
        #expect(again["arxiv"]?.result == .notModified)
        #expect(again["deepmind"]?.counts.new == 0)
        #expect(again["busy"]?.result == .skipped)
        #expect(again["gone"] == nil)  // disabled: not even tried
        #expect(try database.stats().items == items)
        #expect(try itemCount(database, slug: "deepmind") == 100)
        #expect(server.requests(to: "/old-deepmind.xml").count == 1)  // the moved URL is used now
        #expect(server.requests(to: "/arxiv.xml").last?.header("If-None-Match") == "\"a1\"")
        #expect(try database.integrityCheck() == "ok")
    }
}
