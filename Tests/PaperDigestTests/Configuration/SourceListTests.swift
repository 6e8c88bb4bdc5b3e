import Foundation
import Testing
@testable import PaperDigest

@Suite struct SourceListTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func shippedSourcesFileHoldsTheRealSources() throws {
        let list = try SourceList.read(from: Self.root.appendingPathComponent("Feeds/sources.opml").path)
        let hosts = Set(list.sources.compactMap { URLComponents(string: $0.url)?.host })
        for host in ["rss.arxiv.org", "transformer-circuits.pub", "deepmind.google", "openai.com", "www.alignmentforum.org",
                     "www.lesswrong.com", "huggingface.co", "bair.berkeley.edu", "www.far.ai", "metr.org",
                     "distill.pub", "colah.github.io", "intelligence.org", "blog.redwoodresearch.org"] {
            #expect(hosts.contains(host), "missing \(host)")
        }
        let arxiv = try #require(list.sources.first { $0.kind == .arxiv })
        #expect(arxiv.politenessDelay == 3)
        #expect(arxiv.slug == "arxiv")
        #expect(Set(list.sources.map(\.slug)).count == list.sources.count)
        #expect(list.sources.first { $0.slug == "lesswrong-interpretability" }?.url.contains("&tagId=") == true)
    }

    @Test func writtenListReadsBackTheSame() throws {
        var list = SourceList(title: "Mine & yours")
        list.add(Source(url: "https://example.org/feed?a=1&b=2", title: "Quotes \"and\" <angles>", kind: .news, politenessDelay: 2.5, isEnabled: false))
        list.add(Source(url: "https://rss.arxiv.org/rss/cs.AI", title: "arXiv cs.AI", kind: .arxiv, slug: "ai"))
        let again = try SourceList.parse(Data(list.opml().utf8))
        #expect(again == list.withSourcesInKindOrder)
    }

    @Test func badOptionsAreNamedWithTheirLine() throws {
        let opml = """
            <?xml version="1.0"?>
            <opml version="2.0"><body>
            <outline xmlUrl="https://a.example/feed" text="A"/>
            <outline xmlUrl="https://b.example/feed" text="B" kind="podcast"/>
            </body></opml>
            """
        let error = try #require(throws: PaperDigestError.self) { try SourceList.parse(Data(opml.utf8), path: "x.opml") }
        #expect(error.description == "configuration: x.opml: line 4: kind \"podcast\" is not one of arxiv, lab, blog, news")
        #expect(throws: PaperDigestError.self) { try SourceList.parse(Data("<opml><body><outline".utf8)) }
        #expect(throws: PaperDigestError.self) { try SourceList.parse(Data("<rss/>".utf8)) }
    }

    @Test func settingsRejectUnknownKeysAndBadValues() throws {
        let settings = try Settings.parse("database: db/p.sqlite\nfetch:\n  timeout: 5\nbase_url: https://x.org", path: "p.yml", root: "/srv")
        #expect(settings.resolve(settings.databasePath) == "/srv/db/p.sqlite")
        #expect(settings.fetch.timeout == 5)
        #expect(settings.baseURL == "https://x.org/")
        let typo = try #require(throws: PaperDigestError.self) { try Settings.parse("databse: x", path: "p.yml", root: "/") }
        #expect(typo.description.hasPrefix("configuration: p.yml: unknown key databse"))
        #expect(throws: PaperDigestError.self) { try Settings.parse("fetch:\n  timeout: -1", path: "p.yml", root: "/") }
        #expect(throws: PaperDigestError.self) { try Settings.parse("base_url: ftp://x", path: "p.yml", root: "/") }
    }
}

extension SourceList {
    var withSourcesInKindOrder: SourceList {
        SourceList(title: title, sources: Source.Kind.allCases.flatMap { kind in sources.filter { $0.kind == kind } })
    }
}
