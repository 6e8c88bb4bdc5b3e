import Foundation
import Testing
@testable import PaperDigest

/// The live libcurl client against a real server on 127.0.0.1.
@Suite struct HTTPClientTests {
    let server: LocalHTTPServer

    init() throws {
        server = try LocalHTTPServer()
    }

    func client(deadline: Double = 10, maxBodyBytes: Int = 20 << 20) -> HTTPClient {
        .live(HTTPClient.Configuration(deadline: deadline, maxBodyBytes: maxBodyBytes))
    }

    func fetchError(_ url: String, with client: HTTPClient) async -> PaperDigestError? {
        do {
            _ = try await client.get(url)
            return nil
        } catch {
            return error as? PaperDigestError
        }
    }

    // MARK: - Conditional GET

    @Test func returnsValidatorsThenNotModified() async throws {
        let feed = Data("<rss version=\"2.0\"><channel/></rss>".utf8)
        server.route("/feed.xml") { request in
            .conditional(request, body: feed, contentType: "application/rss+xml", etag: "\"v1\"",
                         lastModified: "Sat, 21 Nov 2026 06:00:00 GMT")
        }
        let client = client()

        let first = try await client.get(server.url("/feed.xml"))
        #expect(first.response.status == 200)
        #expect(first.response.body == feed)
        #expect(first.response.validators == HTTPValidators(etag: "\"v1\"", lastModified: "Sat, 21 Nov 2026 06:00:00 GMT"))
        #expect(first.response.contentType == "application/rss+xml")

        let second = try await client.get(server.url("/feed.xml"), validators: first.response.validators)
        #expect(second.response.status == 304)
        #expect(second.response.body.isEmpty)

        let requests = server.requests(to: "/feed.xml")
        #expect(requests.count == 2)
        #expect(requests[0].header("If-None-Match") == nil)
        #expect(requests[1].header("If-None-Match") == "\"v1\"")
        #expect(requests[1].header("If-Modified-Since") == "Sat, 21 Nov 2026 06:00:00 GMT")
    }

    @Test func sendsUserAgentAndAcceptEncoding() async throws {
        server.route("/ua", .ok("hi"))
        _ = try await client().get(server.url("/ua"))
        let request = try #require(server.requests(to: "/ua").first)
        #expect(request.header("User-Agent") == "PaperDigest/\(PaperDigestVersion.current) (+https://github.com/paperdigest)")
        #expect(request.header("Accept-Encoding")?.contains("gzip") == true)
        #expect(request.header("Accept")?.contains("application/atom+xml") == true)
    }

    @Test func capturesResponseHeaders() async throws {
        server.route("/headers", LocalHTTPServer.Response.status(503, "busy").adding("Retry-After", "120").adding("X-Thing", "a"))
        let result = try await client().get(server.url("/headers"))
        #expect(result.response.status == 503)
        #expect(result.response.retryAfter == "120")
        #expect(result.response.headers["x-thing"] == "a")
        #expect(result.response.statusDescription == "503 Service Unavailable")
    }

    // MARK: - Content coding

    @Test func decodesGzipBody() async throws {
        let feed = Data(String(repeating: "<item>PaperDigest</item>\n", count: 2000).utf8)
        server.route("/gzip", .compressed(feed, contentType: "application/xml", encoding: .gzip))
        let result = try await client().get(server.url("/gzip"))
        #expect(result.response.headers["Content-Encoding"] == "gzip")
        #expect(result.response.body == feed)
    }

    @Test func decodesDeflateBody() async throws {
        let feed = Data(String(repeating: "<entry/>", count: 500).utf8)
        server.route("/deflate", .compressed(feed, contentType: "application/atom+xml", encoding: .deflate))
        let result = try await client().get(server.url("/deflate"))
        #expect(result.response.body == feed)
    }

    @Test func capsTheDecodedSizeOfACompressedBody() async throws {
        // 4 MiB of zeros gzip to about 4 KiB: the cap applies to what comes out.
        let bomb = Data(count: 4 << 20)
        server.route("/bomb", .compressed(bomb, contentType: "application/xml"))
        let error = await fetchError(server.url("/bomb"), with: client(maxBodyBytes: 1 << 20))
        #expect(error?.reason == "body larger than the 1 MiB cap")
    }

    // MARK: - Redirects

    @Test func reportsPermanentRedirectAsNewURL() async throws {
        server.route("/old", .redirect(301, to: "/new"))
        server.route("/new", .ok("<feed/>", contentType: "application/atom+xml"))
        let result = try await client().get(server.url("/old"))
        #expect(result.response.status == 200)
        #expect(result.finalURL == server.url("/new"))
        #expect(result.permanentURL == server.url("/new"))
        #expect(result.redirects.map(\.status) == [301])
    }

    @Test func reports308AsPermanentToo() async throws {
        server.route("/a", .redirect(308, to: server.url("/b")))
        server.route("/b", .redirect(308, to: "c"))
        server.route("/c", .ok("done"))
        let result = try await client().get(server.url("/a"))
        #expect(result.permanentURL == server.url("/c"))
        #expect(result.redirects.count == 2)
    }

    @Test func temporaryRedirectIsFollowedButNotStored() async throws {
        server.route("/today", .redirect(302, to: "/2026-11-21.xml"))
        server.route("/2026-11-21.xml", .ok("<rss/>"))
        let result = try await client().get(server.url("/today"))
        #expect(result.response.status == 200)
        #expect(result.finalURL == server.url("/2026-11-21.xml"))
        #expect(result.permanentURL == nil)
    }

    @Test func permanentURLStopsAtTheFirstTemporaryHop() async throws {
        server.route("/p1", .redirect(301, to: "/p2"))
        server.route("/p2", .redirect(302, to: "/p3"))
        server.route("/p3", .redirect(301, to: "/p4"))
        server.route("/p4", .ok("ok"))
        let result = try await client().get(server.url("/p1"))
        #expect(result.permanentURL == server.url("/p2"))
        #expect(result.finalURL == server.url("/p4"))
    }

    @Test func redirectLoopIsAnError() async throws {
        server.route("/ping", .redirect(302, to: "/pong"))
        server.route("/pong", .redirect(301, to: "/ping"))
        let error = try #require(await fetchError(server.url("/ping"), with: client()))
        #expect(error.reason.hasPrefix("redirect loop: "))
        #expect(error.reason.contains("/ping → \(server.url("/pong")) → \(server.url("/ping"))"))
        #expect(server.requests.count == 2)
    }

    @Test func tooManyRedirectsIsAnError() async throws {
        server.route(prefix: "/hop/") { request in
            let n = Int(request.path.dropFirst("/hop/".count)) ?? 0
            return .redirect(302, to: "/hop/\(n + 1)")
        }
        let error = try #require(await fetchError(server.url("/hop/0"), with: client()))
        #expect(error.reason == "more than 10 redirects")
        #expect(server.requests.count == 11)
    }

    @Test func redirectWithoutLocationIsAnError() async throws {
        server.route("/nowhere", LocalHTTPServer.Response.status(301))
        let error = try #require(await fetchError(server.url("/nowhere"), with: client()))
        #expect(error.reason == "HTTP 301 Moved Permanently without a Location header")
    }

    // MARK: - Limits and broken servers

    @Test func deadlineHitWhenHeadersNeverCome() async throws {
        server.route("/stall", .noAnswer(for: 10))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(await fetchError(server.url("/stall"), with: client(deadline: 1)))
        let elapsed = (clock.now - start).seconds
        #expect(error.reason == "deadline of 1 s passed before the response headers arrived")
        #expect(error.location == server.url("/stall"))
        #expect(elapsed >= 0.95 && elapsed < 2.0, "took \(elapsed) s")
    }

    @Test func deadlineCoversRedirectsToo() async throws {
        server.route("/moved", LocalHTTPServer.Response.redirect(302, to: "/stall").delayed(by: 0.4))
        server.route("/stall", .noAnswer(for: 10))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(await fetchError(server.url("/moved"), with: client(deadline: 1)))
        let elapsed = (clock.now - start).seconds
        #expect(error.reason == "deadline of 1 s passed before the response headers arrived (after 1 redirect)")
        #expect(error.location == "\(server.url("/moved")) → \(server.url("/stall"))")
        #expect(elapsed >= 0.95 && elapsed < 2.0, "took \(elapsed) s")
    }

    @Test func deadlineHitWhileABodyTrickles() async throws {
        // 20 chunks of 10 bytes, 0.1 s apart: 2 s of body against a 1 s deadline.
        server.route("/trickle", .trickle(Data(repeating: 0x41, count: 200), chunkSize: 10, every: 0.1))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(await fetchError(server.url("/trickle"), with: client(deadline: 1)))
        let elapsed = (clock.now - start).seconds
        #expect(error.reason.hasPrefix("deadline of 1 s passed while receiving the body"))
        #expect(elapsed >= 0.95 && elapsed < 2.0, "took \(elapsed) s")
    }

    @Test func bodyOverTheCapIsRefused() async throws {
        server.route("/huge", .ok(Data(repeating: 0x20, count: 300_000), contentType: "application/xml"))
        let error = try #require(await fetchError(server.url("/huge"), with: client(maxBodyBytes: 100_000)))
        #expect(error.reason == "body larger than the 97.7 KiB cap (Content-Length 300000)")
    }

    @Test func bodyOverTheCapWithoutContentLengthIsRefused() async throws {
        // No Content-Length to check up front: the cap is hit while the body streams in.
        server.route("/stream", LocalHTTPServer.Response.closeDelimited(Data(repeating: 0x20, count: 64 << 10))
            .trickled(chunkSize: 8 << 10, every: 0.01))
        let error = try #require(await fetchError(server.url("/stream"), with: client(maxBodyBytes: 16 << 10)))
        #expect(error.reason == "body larger than the 16 KiB cap")
    }

    @Test func closeDelimitedBodyIsComplete() async throws {
        server.route("/old-style", .closeDelimited(Data("<rss/>".utf8)))
        let result = try await client().get(server.url("/old-style"))
        #expect(result.response.body == Data("<rss/>".utf8))
    }

    @Test func bodyAtTheCapIsAccepted() async throws {
        server.route("/exact", .ok(Data(repeating: 0x20, count: 4096)))
        let result = try await client(maxBodyBytes: 4096).get(server.url("/exact"))
        #expect(result.response.body.count == 4096)
    }

    @Test func truncatedBodyIsAnError() async throws {
        server.route("/cut", .truncated(Data("<rss><channel><item>".utf8), declaredLength: 5000))
        let error = try #require(await fetchError(server.url("/cut"), with: client()))
        #expect(error.reason == "connection closed before the body was complete (20 bytes received, Content-Length 5000)")
    }

    @Test func refusedConnectionIsAnError() async throws {
        let closed = try ClosedPort()
        let error = try #require(await fetchError(closed.url("/feed"), with: client()))
        #expect(error.reason.hasPrefix("could not connect"))
        withExtendedLifetime(closed) {}
    }

    @Test func unresolvableHostIsAnError() async throws {
        // `.invalid` never resolves (RFC 6761).
        let error = try #require(await fetchError("http://paperdigest-test.invalid/feed", with: client(deadline: 5)))
        #expect(error.reason == "could not resolve host: paperdigest-test.invalid")
    }

    @Test func errorStatusIsAResponseNotAnError() async throws {
        server.route("/missing", .status(404, "no such feed"))
        let result = try await client().get(server.url("/missing"))
        #expect(result.response.status == 404)
        #expect(result.response.body == Data("no such feed".utf8))
    }

    @Test func rejectsNonHTTPURLs() async throws {
        let error = try #require(await fetchError("file:///etc/passwd", with: client()))
        #expect(error.reason == "not an absolute http(s) URL")
        let ftp = try #require(await fetchError("ftp://example.org/feed", with: client()))
        #expect(ftp.reason == "not an absolute http(s) URL")
    }

    @Test func cancellationStopsAWaitingTransfer() async throws {
        server.route("/forever", .noAnswer(for: 10))
        let client = client(deadline: 10)
        let url = server.url("/forever")
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task { try await client.get(url) }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        let result = await task.result
        #expect((clock.now - start).seconds < 2)
        guard case .failure(let error) = result else {
            Issue.record("expected cancellation")
            return
        }
        #expect((error as? PaperDigestError)?.reason == "cancelled")
    }
}
