import Foundation
import Testing
@testable import PaperDigest

/// The fetcher against real local servers (and, for arXiv hosts, a client double).
@Suite struct FetcherTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// Politeness recorded instead of waited for.
    final class SleepRecorder: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Double] = []
        var sleeps: [Double] { lock.withLock { recorded } }

        var clock: FetchClock {
            FetchClock(now: { Date() }, sleep: { seconds in self.lock.withLock { self.recorded.append(seconds) } })
        }
    }

    func fetcher(
        deadline: Double = 10, maxBodyBytes: Int = 20 << 20, hosts: Int = 4, politeness: Double = 0,
        clock: FetchClock = .live
    ) -> Fetcher {
        Fetcher(
            client: .live(HTTPClient.Configuration(deadline: deadline, maxBodyBytes: maxBodyBytes)),
            clock: clock,
            configuration: Fetcher.Configuration(maxConcurrentHosts: hosts, defaultPolitenessDelay: politeness))
    }

    // MARK: - Outcomes

    @Test func okThenNotModifiedCarriesValidators() async throws {
        let server = try LocalHTTPServer()
        let body = Data(#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>"#.utf8)
        server.route("/rss") { .conditional($0, body: body, contentType: "application/rss+xml", etag: "W/\"42\"") }
        let fetcher = fetcher()

        let first = await fetcher.fetch([FetchTarget(url: server.url("/rss"))], now: now)[0]
        let document = try #require(first.document)
        #expect(document.body == body)
        #expect(document.kind == .rss)
        #expect(document.contentType == "application/rss+xml")
        #expect(document.url == server.url("/rss"))
        #expect(first.httpStatus == 200)
        #expect(first.bytes == body.count)
        #expect(first.elapsed > 0)
        #expect(first.validators == HTTPValidators(etag: "W/\"42\""))
        #expect(first.health == .healthy)

        let stored = FetchTarget(
            url: server.url("/rss"), validators: try #require(first.validators),
            health: SourceHealth(consecutiveFailures: 2, nextFetchAt: now.addingTimeInterval(-1)))
        let second = await fetcher.fetch([stored], now: now)[0]
        #expect(second.status == .notModified)
        #expect(second.httpStatus == 304)
        #expect(second.validators == HTTPValidators(etag: "W/\"42\""))
        #expect(second.health == .healthy)
    }

    @Test func permanentRedirectIsReportedForStorage() async throws {
        let server = try LocalHTTPServer()
        server.route("/feed", .redirect(301, to: "/feed.atom"))
        server.route("/feed.atom", .ok("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", contentType: "application/atom+xml"))
        let outcome = await fetcher().fetch([FetchTarget(url: server.url("/feed"))], now: now)[0]
        #expect(outcome.permanentRedirect == server.url("/feed.atom"))
        #expect(outcome.document?.kind == .atom)
        #expect(outcome.document?.url == server.url("/feed.atom"))
    }

    @Test func errorStatusesBecomeFailuresWithHealth() async throws {
        let server = try LocalHTTPServer()
        server.route("/404", .status(404, "nope"))
        server.route("/410", .status(410))
        server.route("/429", LocalHTTPServer.Response.status(429).adding("Retry-After", "120"))
        server.route("/503", LocalHTTPServer.Response.status(503).adding("Retry-After", "Sat, 21 Nov 2026 12:00:00 GMT"))
        server.route("/500", .status(500))
        let failing = SourceHealth(consecutiveFailures: 2)
        let targets = ["/404", "/410", "/429", "/503", "/500"].map {
            FetchTarget(url: server.url($0), health: failing)
        }
        let outcomes = await fetcher().fetch(targets, now: now)

        #expect(outcomes.map(\.httpStatus) == [404, 410, 429, 503, 500])
        #expect(outcomes.allSatisfy { $0.isFailure })
        #expect(outcomes[0].failureReason == "HTTP 404 Not Found")
        #expect(outcomes[0].health == SourceHealth(consecutiveFailures: 3, nextFetchAt: now.addingTimeInterval(4 * 3600)))

        #expect(outcomes[1].failureReason == "HTTP 410 Gone: feed removed; source disabled")
        #expect(outcomes[1].health.disabledReason?.contains("410 Gone") == true)
        #expect(outcomes[1].health.nextFetchAt == nil)

        #expect(outcomes[2].health.nextFetchAt == now.addingTimeInterval(120))
        #expect(outcomes[2].failureReason?.hasPrefix("HTTP 429 Too Many Requests; retry after ") == true)

        let expected = try #require(HealthPolicy.httpDate("Sat, 21 Nov 2026 12:00:00 GMT"))
        #expect(outcomes[3].health.nextFetchAt == min(expected, now.addingTimeInterval(7 * 86_400)))

        #expect(outcomes[4].failureReason == "HTTP 500 Internal Server Error")
        #expect(outcomes[4].validators == nil)
    }

    @Test func htmlPageIsReturnedAndFlagged() async throws {
        let server = try LocalHTTPServer()
        server.route("/blog", .ok("<!DOCTYPE html><html><head><title>Blog</title></head><body/></html>",
                                  contentType: "text/html; charset=utf-8"))
        let outcome = await fetcher().fetch([FetchTarget(url: server.url("/blog"))], now: now)[0]
        let document = try #require(outcome.document)
        #expect(document.kind == .html)
        #expect(!document.kind.isFeed)
    }

    @Test func transportFailuresBecomeFailuresWithBackoff() async throws {
        let server = try LocalHTTPServer()
        server.route("/cut", .truncated(Data("<rss>".utf8), declaredLength: 100))
        let outcome = await fetcher().fetch([FetchTarget(url: server.url("/cut"))], now: now)[0]
        #expect(outcome.failureReason?.hasPrefix("connection closed before the body was complete") == true)
        #expect(outcome.httpStatus == nil)
        #expect(outcome.health == SourceHealth(consecutiveFailures: 1, nextFetchAt: now.addingTimeInterval(3600)))
    }

    @Test func bodyOverTheCapFailsTheSource() async throws {
        let server = try LocalHTTPServer()
        server.route("/big", .ok(Data(count: 64 << 10)))
        let outcome = await fetcher(maxBodyBytes: 32 << 10).fetch([FetchTarget(url: server.url("/big"))], now: now)[0]
        #expect(outcome.failureReason == "body larger than the 32 KiB cap (Content-Length 65536)")
    }

    // MARK: - Skipping

    @Test func sourcesNotYetDueAreSkippedUnlessForced() async throws {
        let server = try LocalHTTPServer()
        server.route("/feed", .ok("<rss/>"))
        let later = now.addingTimeInterval(600)
        let target = FetchTarget(url: server.url("/feed"), health: SourceHealth(consecutiveFailures: 1, nextFetchAt: later))

        let skipped = await fetcher().fetch([target], now: now)[0]
        #expect(skipped.status == .skipped(until: later))
        #expect(skipped.health == target.health)
        #expect(server.requests.isEmpty)

        let forced = await fetcher().fetch([target], now: now, force: true)[0]
        #expect(forced.document != nil)
        #expect(server.requests.count == 1)
    }

    // MARK: - Isolation

    @Test func oneFailingSourceDoesNotAffectTheOthers() async throws {
        let healthy = try LocalHTTPServer()
        let stalling = try LocalHTTPServer()
        let closed = try ClosedPort()
        healthy.route("/a", .ok("<rss/>"))
        healthy.route("/b", .ok("<feed/>"))
        stalling.route("/stall", .noAnswer(for: 10))
        let other = try LocalHTTPServer()
        other.route("/c", .ok("{\"version\": \"https://jsonfeed.org/version/1.1\"}"))

        let targets = [
            FetchTarget(url: stalling.url("/stall")), FetchTarget(url: healthy.url("/a")),
            FetchTarget(url: closed.url("/gone")), FetchTarget(url: "not a url"), FetchTarget(url: healthy.url("/b")),
            FetchTarget(url: other.url("/c")),
        ]
        let order = Locked([String]())
        let outcomes = await fetcher(deadline: 1).fetch(targets, now: now) { outcome in
            order.withLock { $0.append(outcome.target.url) }
        }
        #expect(outcomes.map(\.target.url) == targets.map(\.url))
        #expect(outcomes[0].failureReason == "deadline of 1 s passed before the response headers arrived")
        #expect(outcomes[1].document?.kind == .rss)
        #expect(outcomes[2].failureReason?.hasPrefix("could not connect") == true)
        #expect(outcomes[3].failureReason == "not an absolute http(s) URL")
        #expect(outcomes[4].document?.kind == .atom)
        #expect(outcomes[5].document?.kind == .jsonFeed)
        // Delivered as they completed: the stalled source last.
        #expect(order.current.last == stalling.url("/stall"))
        #expect(order.current.count == targets.count)
        withExtendedLifetime(closed) {}
    }

    @Test func outcomesStreamAsTheyComplete() async throws {
        let slow = try LocalHTTPServer()
        let fast = try LocalHTTPServer()
        slow.route("/slow", LocalHTTPServer.Response.ok("<rss/>").delayed(by: 0.5))
        fast.route("/fast", .ok("<rss/>"))
        var seen: [String] = []
        for await outcome in fetcher().outcomes(for: [FetchTarget(url: slow.url("/slow")), FetchTarget(url: fast.url("/fast"))], now: now) {
            seen.append(outcome.target.url)
        }
        #expect(seen == [fast.url("/fast"), slow.url("/slow")])
    }

    @Test func endingTheStreamEarlyCancelsRunningFetches() async throws {
        weak var stalled: LocalHTTPServer?
        let fast = try LocalHTTPServer()
        fast.route("/fast", .ok("<rss/>"))
        do {
            let stalling = try LocalHTTPServer()
            stalled = stalling
            stalling.route("/stall", .noAnswer(for: 30))
            let targets = [FetchTarget(url: stalling.url("/stall")), FetchTarget(url: fast.url("/fast"))]
            for await outcome in fetcher(deadline: 20).outcomes(for: targets, now: now) {
                #expect(outcome.target.url == fast.url("/fast"))
                break
            }
        }
        // The stalled server lives on only while its connection is open: it goes away once
        // the cancelled transfer hangs up, long before its 30 s stall or the 20 s deadline.
        let deadline = Date().addingTimeInterval(3)
        while stalled != nil, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(stalled == nil)
    }

    // MARK: - Concurrency and politeness

    @Test func concurrencyIsBoundedAcrossHosts() async throws {
        let servers = try (0..<6).map { _ in try LocalHTTPServer() }
        for server in servers { server.route("/feed", LocalHTTPServer.Response.ok("<rss/>").delayed(by: 0.3)) }
        let targets = servers.map { FetchTarget(url: $0.url("/feed")) }
        let outcomes = await fetcher(hosts: 2).fetch(targets, now: now)
        #expect(outcomes.allSatisfy { $0.document != nil })

        let intervals = try servers.flatMap(\.requests).map { request in
            (request.receivedAt, try #require(request.respondedAt))
        }
        #expect(intervals.count == 6)
        #expect(FetcherTests.maximumOverlap(intervals) == 2)
    }

    @Test func oneHostGetsOneRequestAtATime() async throws {
        let server = try LocalHTTPServer()
        for n in 1...4 { server.route("/feed\(n)", LocalHTTPServer.Response.ok("<rss/>").delayed(by: 0.15)) }
        let targets = (1...4).map { FetchTarget(url: server.url("/feed\($0)")) }
        let outcomes = await fetcher(hosts: 4).fetch(targets, now: now)
        #expect(outcomes.allSatisfy { $0.document != nil })

        let log = server.requests
        #expect(log.map(\.path) == ["/feed1", "/feed2", "/feed3", "/feed4"])
        let intervals = try log.map { ($0.receivedAt, try #require($0.respondedAt)) }
        #expect(FetcherTests.maximumOverlap(intervals) == 1)
    }

    @Test func politenessSpacesRequestsToAHost() async throws {
        let server = try LocalHTTPServer()
        for n in 1...3 { server.route("/feed\(n)", .ok("<rss/>")) }
        let targets = (1...3).map { FetchTarget(url: server.url("/feed\($0)"), politenessDelay: 0.4) }
        let clock = ContinuousClock()
        let start = clock.now
        _ = await fetcher().fetch(targets, now: now)
        let log = server.requests
        #expect(log.count == 3)
        for (previous, next) in zip(log, log.dropFirst()) {
            let gap = next.receivedAt.timeIntervalSince(try #require(previous.respondedAt))
            #expect(gap >= 0.38, "gap \(gap) s")
        }
        #expect((clock.now - start).seconds >= 0.8)
    }

    @Test func arxivHostsWaitThreeSecondsBetweenRequests() async throws {
        let recorder = SleepRecorder()
        let client = HTTPClient { request in
            HTTPResponse(url: request.url, status: 200, headers: ["Content-Type": "application/rss+xml"],
                         body: Data("<rss/>".utf8))
        }
        let fetcher = Fetcher(client: client, clock: recorder.clock, configuration: Fetcher.Configuration(defaultPolitenessDelay: 0.5))
        // Two arXiv host names, one queue.
        let targets = ["cs.AI", "cs.LG"].map { FetchTarget(url: "https://rss.arxiv.org/rss/\($0)") }
            + [FetchTarget(url: "http://export.arxiv.org/api/query?search_query=cat:cs.CL")]
            + [FetchTarget(url: "https://example.org/a"), FetchTarget(url: "https://example.org/b")]
        let outcomes = await fetcher.fetch(targets, now: now)
        #expect(outcomes.allSatisfy { $0.document != nil })

        let sleeps = recorder.sleeps.sorted()
        #expect(sleeps.count == 3)
        #expect(sleeps[0] > 0.45 && sleeps[0] <= 0.5)
        #expect(sleeps[1] > 2.95 && sleeps[1] <= 3)
        #expect(sleeps[2] > 2.95 && sleeps[2] <= 3)
    }

    @Test func politenessDelayComesFromTheSourceThenTheHost() {
        let fetcher = Fetcher(configuration: Fetcher.Configuration(defaultPolitenessDelay: 1, arxivPolitenessDelay: 3))
        #expect(fetcher.politenessDelay(for: FetchTarget(url: "http://export.arxiv.org/api/query?x")) == 3)
        #expect(fetcher.politenessDelay(for: FetchTarget(url: "https://arxiv.org/a/x")) == 3)
        #expect(fetcher.politenessDelay(for: FetchTarget(url: "https://notarxiv.org/feed")) == 1)
        #expect(fetcher.politenessDelay(for: FetchTarget(url: "https://rss.arxiv.org/rss/cs.AI", politenessDelay: 5)) == 5)
        #expect(Fetcher.hostKey("https://RSS.arxiv.org/rss/cs.AI") == "arxiv.org")
        #expect(Fetcher.hostKey("http://export.arxiv.org/api/query") == "arxiv.org")
        #expect(Fetcher.hostKey("https://Example.org/feed") == "example.org")
        #expect(Fetcher.hostKey("http://127.0.0.1:8080/x") == "127.0.0.1:8080")
    }

    /// The largest number of intervals open at the same moment.
    static func maximumOverlap(_ intervals: [(Date, Date)]) -> Int {
        var events: [(time: Date, change: Int)] = []
        for (start, end) in intervals {
            events.append((start, 1))
            events.append((end, -1))
        }
        // At equal times a close counts before an open.
        events.sort { $0.time == $1.time ? $0.change < $1.change : $0.time < $1.time }
        var open = 0
        var most = 0
        for (_, change) in events {
            open += change
            most = max(most, open)
        }
        return most
    }
}
