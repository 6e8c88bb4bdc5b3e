import Foundation
import Testing
@testable import PaperDigest

/// How an entry's text reaches the store: text-typed fields are kept as written, HTML is read
/// as HTML.
@Suite struct ItemDraftTests {
    func drafts(_ document: String) throws -> [ItemDraft] {
        let feed = try FeedParser().parse(Data(document.utf8), url: "https://example.org/feed")
        return feed.entries.compactMap { ItemDraft(entry: $0, plainText: HTMLText.plainText) }
    }

    @Test func atomTextTypedFieldsKeepTheirAngleBrackets() throws {
        let draft = try #require(try drafts("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><id>tag:example.org,2026:1</id><link href="https://example.org/1"/>
            <title type="text">a &lt;script&gt;x&lt;/script&gt; b</title>
            <summary type="text">1 &lt; 2 &amp;&amp; 3 &gt; 2
            second line</summary>
            <content type="text">&lt;img src=x onerror=alert(1)&gt;</content>
            </entry></feed>
            """).first)
        #expect(draft.title == "a <script>x</script> b")
        #expect(draft.summaryHTML == "1 &lt; 2 &amp;&amp; 3 &gt; 2<br>second line")
        #expect(draft.summaryText == "1 < 2 && 3 > 2\nsecond line")
        #expect(draft.contentHTML == "&lt;img src=x onerror=alert(1)&gt;")
    }

    @Test func atomHTMLTypedFieldsAreReadAsHTML() throws {
        let draft = try #require(try drafts("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><id>tag:example.org,2026:2</id><link href="https://example.org/2"/>
            <title type="html">a &lt;b&gt;bold&lt;/b&gt; &amp;amp; c</title>
            <summary type="html">&lt;p&gt;one&lt;/p&gt;&lt;p&gt;two&lt;/p&gt;</summary>
            </entry></feed>
            """).first)
        #expect(draft.title == "a bold & c")
        #expect(draft.summaryHTML == "<p>one</p><p>two</p>")
        #expect(draft.summaryText == "one\ntwo")
    }

    @Test func jsonFeedContentTextIsEscapedAndContentHTMLIsNot() throws {
        let items = try drafts("""
            {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
              {"id": "1", "url": "https://example.org/1", "title": "one",
               "content_text": "x <y> & z\\nnext", "summary": "use <b> for bold"},
              {"id": "2", "url": "https://example.org/2", "title": "two",
               "content_html": "<p>x &amp; <em>y</em></p>"}
            ]}
            """)
        #expect(items.count == 2)
        #expect(items[0].contentHTML == "x &lt;y&gt; &amp; z<br>next")
        #expect(items[0].summaryText == "use <b> for bold")
        #expect(items[1].contentHTML == "<p>x &amp; <em>y</em></p>")
    }
}
