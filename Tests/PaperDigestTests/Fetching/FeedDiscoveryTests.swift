import Foundation
import Testing
@testable import PaperDigest

@Suite struct FeedDiscoveryTests {
    @Test func findsAlternateFeedLinksAndResolvesThem() {
        let html = """
            <!DOCTYPE html>
            <html><head>
              <title>Lab blog</title>
              <link rel="stylesheet" href="/style.css">
              <link rel="alternate" type="application/rss+xml" title="Posts (RSS)" href="/feed.xml">
              <LINK REL="Alternate" TYPE="application/atom+xml" HREF="atom.xml">
              <link rel="alternate" type="application/feed+json" href="https://cdn.example.org/feed.json">
              <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
              <link rel="alternate" type="application/rss+xml" href="/feed.xml">
            </head><body><p>unclosed <div></body></html>
            """
        let feeds = FeedDiscovery.feeds(inHTML: Data(html.utf8), baseURL: "https://example.org/blog/index.html")
        #expect(feeds == [
            FeedDiscovery.Feed(url: "https://example.org/feed.xml", type: "application/rss+xml", title: "Posts (RSS)"),
            FeedDiscovery.Feed(url: "https://example.org/blog/atom.xml", type: "application/atom+xml"),
            FeedDiscovery.Feed(url: "https://cdn.example.org/feed.json", type: "application/feed+json"),
        ])
    }

    @Test func honoursBaseHref() {
        let html = #"<html><head><base href="https://blog.example.org/posts/"><link rel="alternate" type="application/atom+xml; charset=utf-8" href="feed"></head></html>"#
        let feeds = FeedDiscovery.feeds(inHTML: Data(html.utf8), baseURL: "https://example.org/")
        #expect(feeds.map(\.url) == ["https://blog.example.org/posts/feed"])
        #expect(feeds.first?.type == "application/atom+xml")
    }

    @Test func pageWithoutFeedsGivesNone() {
        #expect(FeedDiscovery.feeds(inHTML: Data("<html><body>hi</body></html>".utf8), baseURL: "https://x.org/").isEmpty)
        #expect(FeedDiscovery.feeds(inHTML: Data(), baseURL: "https://x.org/").isEmpty)
    }

    @Test func discoversFromAServedPageOrFeed() async throws {
        let server = try LocalHTTPServer()
        server.route("/", .ok(#"<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>"#,
                              contentType: "text/html"))
        server.route("/rss", .ok("<?xml version=\"1.0\"?><rss/>", contentType: "application/rss+xml"))
        server.route("/missing", .status(404))
        let discovery = FeedDiscovery(client: .live())

        #expect(try await discovery.discover(server.url("/")) == [FeedDiscovery.Feed(url: server.url("/rss"), type: "application/rss+xml")])
        #expect(try await discovery.discover(server.url("/rss")).map(\.url) == [server.url("/rss")])
        await #expect(throws: PaperDigestError.self) { try await discovery.discover(server.url("/missing")) }
    }
}

@Suite struct DocumentSnifferTests {
    func kind(_ text: String, _ contentType: String? = nil) -> DocumentKind {
        DocumentSniffer.kind(of: Data(text.utf8), contentType: contentType)
    }

    @Test func recognisesFeedsByTheirRootElement() {
        #expect(kind("\u{FEFF}<?xml version=\"1.0\"?>\n<!-- generator -->\n<rss version=\"2.0\">") == .rss)
        #expect(kind("<?xml version='1.0'?><?xml-stylesheet href='s.xsl'?><feed xmlns='http://www.w3.org/2005/Atom'>") == .atom)
        #expect(kind("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">") == .rdf)
        #expect(kind("<atom:feed xmlns:atom='http://www.w3.org/2005/Atom'>") == .atom)
        #expect(kind("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"><rss version=\"0.91\">") == .rss)
        #expect(kind(#"  {"version": "https://jsonfeed.org/version/1.1", "items": []}"#) == .jsonFeed)
    }

    @Test func recognisesWebPages() {
        #expect(kind("<!DOCTYPE html>\n<html lang=en>") == .html)
        #expect(kind("<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">") == .html)
        #expect(kind("\n\n<html><head>") == .html)
        #expect(kind("<head><title>x</title>") == .html)
        #expect(!kind("<html>").isFeed)
    }

    @Test func fallsBackToTheContentType() {
        #expect(kind("garbage", "application/rss+xml") == .rss)
        #expect(kind("garbage", "text/html; charset=utf-8") == .html)
        #expect(kind("garbage") == .unknown)
        #expect(kind(#"{"items": []}"#) == .unknown)
    }
}
