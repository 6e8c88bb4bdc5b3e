import Foundation
import Testing
@testable import PaperDigest

/// The test server itself, since end-to-end tests rely on it.
@Suite struct LocalHTTPServerTests {
    @Test func servesADirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pd-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("<html>home</html>".utf8).write(to: directory.appendingPathComponent("index.html"))
        try Data("<rss/>".utf8).write(to: directory.appendingPathComponent("feeds/a.rss"))

        let server = try LocalHTTPServer()
        server.serveDirectory(directory, at: "/site")
        let client = HTTPClient.live()

        let home = try await client.get(server.url("/site/")).response
        #expect(home.status == 200)
        #expect(home.body == Data("<html>home</html>".utf8))
        #expect(home.contentType == "text/html; charset=utf-8")

        let feed = try await client.get(server.url("/site/feeds/a.rss?x=1")).response
        #expect(feed.body == Data("<rss/>".utf8))
        #expect(feed.contentType == "application/rss+xml; charset=utf-8")

        #expect(try await client.get(server.url("/site/missing.xml")).response.status == 404)
        #expect(try await client.get(server.url("/site/../etc/passwd")).response.status == 404)
        #expect(try await client.get(server.url("/elsewhere")).response.status == 404)

        let logged = server.requests.map(\.target)
        #expect(logged.contains("/site/feeds/a.rss?x=1"))
        #expect(server.requests(to: "/site/feeds/a.rss").first?.query == "x=1")
    }

    @Test func answersASequenceThenRepeatsTheLast() async throws {
        let server = try LocalHTTPServer()
        server.route("/flaky", sequence: [.status(500), .status(503), .ok("fine")])
        let client = HTTPClient.live()
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(try await client.get(server.url("/flaky")).response.status) }
        #expect(statuses == [500, 503, 200, 200])
    }

    @Test func logsEveryRequestWithItsTimes() async throws {
        let server = try LocalHTTPServer()
        server.route("/late", LocalHTTPServer.Response.ok("x").delayed(by: 0.2))
        _ = try await HTTPClient.live().get(server.url("/late"))
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.connection == 1)
        let answered = try #require(request.respondedAt)
        #expect(answered.timeIntervalSince(request.receivedAt) >= 0.19)
    }

    @Test func stopEndsWaitingResponsesPromptly() async throws {
        let server = try LocalHTTPServer()
        server.route("/stall", .noAnswer(for: 30))
        let client = HTTPClient.live(HTTPClient.Configuration(deadline: 10))
        let url = server.url("/stall")
        let start = Date()
        let task = Task { try await client.get(url) }
        try await Task.sleep(nanoseconds: 200_000_000)
        server.stop()
        let result = await task.result
        #expect(Date().timeIntervalSince(start) < 2)
        guard case .failure(let error) = result else {
            Issue.record("a stopped server cannot answer")
            return
        }
        #expect((error as? PaperDigestError)?.reason == "server closed the connection without a response")
    }

    @Test func aServerNoLongerUsedGoesAwayEvenAfterAStall() async throws {
        weak var released: LocalHTTPServer?
        do {
            let server = try LocalHTTPServer()
            released = server
            server.route("/stall", .noAnswer(for: 60))
            // The client gives up; the server notices the hang-up instead of sleeping 60 s.
            _ = try? await HTTPClient.live(HTTPClient.Configuration(deadline: 0.3)).get(server.url("/stall"))
        }
        let deadline = Date().addingTimeInterval(3)
        while released != nil, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(released == nil)
    }
}
