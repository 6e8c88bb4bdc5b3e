import Foundation
import Testing
@testable import PaperDigest

@Suite struct FeedParserTests {
    func parse(_ xml: String, url: String? = nil, contentType: String? = nil) throws -> ParsedFeed {
        try FeedParser().parse(Data(xml.utf8), url: url, contentType: contentType)
    }

    // MARK: - Hostile input

    @Test func refusesBillionLaughsFast() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n"
        xml += "<!ENTITY lol1 \"" + String(repeating: "&lol;", count: 10) + "\">\n"
        for i in 2...9 { xml += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">\n" }
        xml += "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>"
        let start = Date()
        #expect {
            try parse(xml)
        } throws: { error in
            let e = error as? PaperDigestError
            return e?.step == .parse && e?.reason.contains("entity expansion refused") == true
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func refusesExternalEntities() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&xxe;</title></channel></rss>
            """
        #expect {
            try parse(xml)
        } throws: { error in
            (error as? PaperDigestError)?.reason.contains("external entity refused") == true
        }
    }

    @Test func refusesDocumentsOverTheCap() throws {
        let xml = "<rss version=\"2.0\"><channel><title>" + String(repeating: "x", count: 5000) + "</title></channel></rss>"
        #expect {
            try FeedParser(maximumSize: 4096).parse(Data(xml.utf8))
        } throws: { error in
            (error as? PaperDigestError)?.reason.contains("cap") == true
        }
    }

    @Test func parsesDocumentsOverTenMegabytes() throws {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>big</title>\n"
        // One text node larger than libxml2's default 10 MB limit, then ordinary items.
        xml += "<item><title>huge</title><description>" + String(repeating: "abcdefghij", count: 1_100_000) + "</description></item>\n"
        for i in 0..<2000 {
            xml += "<item><title>Item \(i)</title><link>https://example.org/\(i)</link><description>" + String(repeating: "word ", count: 100) + "</description></item>\n"
        }
        xml += "</channel></rss>"
        #expect(xml.utf8.count > 10 << 20)
        let feed = try parse(xml)
        #expect(feed.entries.count == 2001)
        #expect(feed.entries[0].summary?.utf8.count == 11_000_000)
        #expect(feed.warnings.isEmpty)
    }

    @Test func recoversTruncatedDocumentWithAWarning() throws {
        let xml = """
            <rss version="2.0"><channel><title>T</title>
            <item><title>One</title><link>https://example.org/1</link></item>
            <item><title>Two</title><link>https://example.org/2</li
            """
        let feed = try parse(xml)
        #expect(feed.entries.map(\.title) == ["One", "Two"])
        #expect(feed.entries.first?.link == "https://example.org/1")
        #expect(feed.warnings.contains { $0.hasPrefix("not well-formed XML") })
    }

    @Test func saysAnHTMLPageIsNotAFeed() throws {
        let html = "<!DOCTYPE html>\n<html><head><title>Blog</title></head><body><p>Hello</body></html>"
        #expect {
            try parse(html, url: "https://example.org/")
        } throws: { error in
            (error as? PaperDigestError)?.description == "parse: https://example.org/: not a feed: looks like HTML"
        }
    }

    @Test func refusesXMLThatIsNotAFeed() throws {
        #expect {
            try parse("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        } throws: { error in
            (error as? PaperDigestError)?.reason == "not a feed: root element is <svg:svg>"
        }
    }

    // MARK: - Encodings and entities

    @Test func decodesHTMLNamedEntitiesInXML() throws {
        let feed = try parse("<rss version=\"2.0\"><channel><title>caf&eacute;&nbsp;&mdash; ok</title></channel></rss>")
        #expect(feed.title == "café\u{A0}— ok")
    }

    @Test func readsNetscapeDoctypeAndSmallInternalEntities() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd" [
            <!ENTITY site "Example &amp; Co">
            ]>
            <rss version="0.91"><channel><title>&site; &ndash; news</title><item><title>a</title></item></channel></rss>
            """
        let feed = try parse(xml)
        #expect(feed.format == "rss091")
        #expect(feed.title == "Example & Co – news")
        #expect(feed.entries.count == 1)
        #expect(feed.warnings.isEmpty, "\(feed.warnings)")
    }

    @Test func recoversFromALyingCharset() throws {
        var data = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>caf".utf8)
        data.append(0xE9)  // é in Latin-1
        data.append(contentsOf: Array("</title></channel></rss>".utf8))
        let feed = try FeedParser().parse(data, contentType: "application/rss+xml; charset=utf-8")
        #expect(feed.title == "café")
        #expect(feed.warnings.contains { $0.contains("not") && $0.contains("utf-8") })
    }

    @Test func readsTheHTTPCharsetOverTheDeclaration() throws {
        var data = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>".utf8)
        data.append(contentsOf: [0x93, 0x71, 0x94])  // “q” in Windows-1252
        data.append(contentsOf: Array("</title></channel></rss>".utf8))
        let feed = try FeedParser().parse(data, contentType: "text/xml; charset=windows-1252")
        #expect(feed.title == "“q”")
        #expect(feed.encoding == "windows-1252")
    }

    @Test func resolvesRelativeLinksAgainstXMLBase() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/blog/">
            <entry><title>t</title><link href="posts/1.html"/>
            <content type="html">&lt;a href="../img/a.png"&gt;x&lt;/a&gt;</content></entry></feed>
            """
        let feed = try parse(xml, url: "https://other.example/feed.xml")
        #expect(feed.entries[0].link == "https://example.org/blog/posts/1.html")
        #expect(feed.entries[0].content == "<a href=\"https://example.org/img/a.png\">x</a>")
    }

    @Test func keepsCDATAAndHTML() throws {
        let xml = "<rss version=\"2.0\"><channel><item><description><![CDATA[<p>Hi &amp; <b>bye</b></p>]]></description><content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><![CDATA[<p>Full</p>]]></content:encoded></item></channel></rss>"
        let e = try parse(xml).entries[0]
        #expect(e.summary == "<p>Hi &amp; <b>bye</b></p>")
        #expect(e.content == "<p>Full</p>")
        #expect(e.summaryDetail?.type == "text/html")
    }

    // MARK: - Mapping

    @Test func mapsRSSGuidToIDAndPermalink() throws {
        let xml = "<rss version=\"2.0\"><channel><item><guid>https://example.org/p/1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><dc:date xmlns:dc=\"http://purl.org/dc/elements/1.1/\">2003-06-11T00:00:00Z</dc:date><enclosure url=\"https://example.org/a.mp3\" length=\"123\" type=\"audio/mpeg\"/><category domain=\"d\">c1</category></item></channel></rss>"
        let e = try parse(xml).entries[0]
        #expect(e.id == "https://example.org/p/1")
        #expect(e.link == "https://example.org/p/1")
        #expect(ISO8601UTC.string(e.published!) == "2003-06-10T04:00:00Z")
        #expect(ISO8601UTC.string(e.updated!) == "2003-06-11T00:00:00Z")
        #expect(e.enclosures == [Enclosure(url: "https://example.org/a.mp3", type: "audio/mpeg", length: 123)])
        #expect(e.tags == [FeedCategory(term: "c1", scheme: "d")])
    }

    @Test func readsJSONFeed() throws {
        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://example.org/",
             "items": [{"id": "1", "url": "https://example.org/1", "title": "One", "content_html": "<p>x</p>",
                        "date_published": "2024-01-02T03:04:05Z", "authors": [{"name": "Ann"}], "tags": ["a"],
                        "attachments": [{"url": "https://example.org/f.pdf", "mime_type": "application/pdf", "size_in_bytes": 10}]}]}
            """
        let feed = try parse(json)
        #expect(feed.format == "json11")
        #expect(feed.title == "J")
        let e = feed.entries[0]
        #expect(e.content == "<p>x</p>")
        #expect(e.authors.first?.name == "Ann")
        #expect(e.enclosures.first?.length == 10)
        #expect(ISO8601UTC.string(e.published!) == "2024-01-02T03:04:05Z")
    }

    // MARK: - arXiv

    @Test func splitsArxivCreatorsAndDecodesTeXAccents() throws {
        let xml = """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom"><channel><item>
            <title>A (arXiv:2401.01234v2 [cs.LG] UPDATED)</title><link>https://arxiv.org/abs/2401.01234</link>
            <description>arXiv:2401.01234v2 Announce Type: replace-cross
            Abstract: We study things.</description>
            <guid isPermaLink="false">oai:arXiv.org:2401.01234v2</guid>
            <arxiv:announce_type>replace-cross</arxiv:announce_type>
            <dc:creator>Andr\\'e Martins, J{\\"o}rg M\\"uller and Fran\\c{c}ois Chollet</dc:creator>
            </item></channel></rss>
            """
        let e = try parse(xml).entries[0]
        #expect(e.authors.map(\.name) == ["André Martins", "Jörg Müller", "François Chollet"])
        #expect(e.arxiv?.id == "2401.01234")
        #expect(e.arxiv?.version == 2)
        #expect(e.arxiv?.announceType == "replace-cross")
        #expect(e.arxiv?.abstract == "We study things.")
        #expect(e.title == "A")
    }

    @Test func readsOldStyleArxivIdentifiers() {
        #expect(ArxivExtractor.identifier(in: "hep-ex/0307015v1", anchored: true) == .init(id: "hep-ex/0307015", version: 1))
        #expect(ArxivExtractor.identifier(in: "math.GT/0309136", anchored: true) == .init(id: "math.GT/0309136", version: nil))
        #expect(ArxivExtractor.identifier(in: "see 2401.01234v12 here", anchored: false) == .init(id: "2401.01234", version: 12))
    }

    @Test func decodesTeXAccents() {
        #expect(TeXAccents.decode("Andr\\'e") == "André")
        #expect(TeXAccents.decode("{\\\"o}") == "ö")
        #expect(TeXAccents.decode("\\v{S}koda \\ss{} \\o") == "Škoda ß ø")
        #expect(TeXAccents.decode("Stra\\ss e") == "Straße")
        #expect(TeXAccents.decode("Erd\\H{o}s") == "Erdős")
    }

    // MARK: - Output

    @Test func printsTheParseJSON() throws {
        let xml = "<rss version=\"2.0\"><channel><title>T</title><link>https://example.org/</link><item><title>I</title><guid isPermaLink=\"false\">oai:arXiv.org:2401.01234v2</guid><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item></channel></rss>"
        let json = try parse(xml).jsonString()
        #expect(json == #"{"entries":[{"arxiv":{"id":"2401.01234","version":2},"id":"oai:arXiv.org:2401.01234v2","published":"2024-01-01T00:00:00Z","title":"I"}],"link":"https://example.org/","title":"T","warnings":[]}"#)
    }

    @Test func turnsHTMLIntoPlainText() {
        #expect(HTMLText.plainText("<p>Hello&nbsp;<b>world</b> &amp; co</p><p>Two\n  lines</p><script>x()</script>") == "Hello world & co\nTwo lines")
        #expect(HTMLText.plainText("a &lt; b &#233;") == "a < b é")
    }
}

@Suite struct UTF8ScanningTests {
    @Test func collapsesWhitespaceRuns() {
        #expect(UTF8Scanning.collapse("  a  b\n\tc ") == "a b c")
        #expect(UTF8Scanning.collapse("one two three four five six seven") == "one two three four five six seven")
        #expect(UTF8Scanning.collapse("abcdefg  hijklmnop") == "abcdefg hijklmnop")
        #expect(UTF8Scanning.collapse("abcdefgh\nijklmnop") == "abcdefgh ijklmnop")
        #expect(UTF8Scanning.collapse("") == "")
        #expect(UTF8Scanning.collapse("été  à") == "été à")
    }
}

@Suite struct FeedParserConcurrencyTests {
    @Test func parsesOnManyThreadsAtOnce() async throws {
        let data = try Data(contentsOf: SharedFiles.feeds.appendingPathComponent("arxiv/rss2-combined-cs.LG+cs.AI+cs.CL+stat.ML.xml"))
        let bad = Data("<rss><channel><title>x &nosuch;</title><item><title>t</title>".utf8)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let feed = try FeedParser().parse(i % 2 == 0 ? data : bad)
                    return feed.entries.count + (feed.warnings.isEmpty ? 0 : 100)
                }
            }
            var all: [Int] = []
            for try await c in group { all.append(c) }
            return all
        }
        #expect(counts.filter { $0 == 4 }.count == 8)
        #expect(counts.filter { $0 == 101 }.count == 8, "\(counts)")
    }
}
