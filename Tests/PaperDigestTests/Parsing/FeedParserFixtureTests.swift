import Foundation
import Testing
@testable import PaperDigest

/// Real captures from ../shared/fixtures/feeds: every one parses, with its key fields.
@Suite struct FeedParserFixtureTests {
    static func parse(_ path: String) throws -> ParsedFeed {
        let data = try Data(contentsOf: SharedFiles.feeds.appendingPathComponent(path))
        return try FeedParser().parse(data, url: "https://example.org/" + path)
    }

    static func iso(_ d: Date?) -> String? { d.map(ISO8601UTC.string) }

    @Test func everyFixtureParsesWithoutWarnings() throws {
        let fm = FileManager.default
        var count = 0
        for dir in ["arxiv", "blogs"] {
            for f in try fm.contentsOfDirectory(atPath: SharedFiles.feeds.appendingPathComponent(dir).path) where f.hasSuffix(".xml") {
                let feed = try Self.parse(dir + "/" + f)
                #expect(!feed.entries.isEmpty, "\(f)")
                #expect(feed.warnings.isEmpty, "\(f): \(feed.warnings)")
                count += 1
            }
        }
        #expect(count == 10)
    }

    @Test func readsCurrentArxivRSS() throws {
        let feed = try Self.parse("arxiv/rss2-combined-cs.LG+cs.AI+cs.CL+stat.ML.xml")
        #expect(feed.format == "rss20")
        #expect(feed.title == "cs.LG, cs.AI, cs.CL, stat.ML updates on arXiv.org")
        #expect(feed.entries.count == 4)
        let first = feed.entries[0]
        #expect(first.arxiv?.id == "2609.26811")
        #expect(first.arxiv?.version == 1)
        #expect(first.arxiv?.announceType == "new")
        #expect(first.arxiv?.abstract?.hasPrefix("Local learning trains each layer") == true)
        #expect(first.authors.map(\.name) == ["Fabien Polly"])
        #expect(first.link == "https://arxiv.org/abs/2609.26811")
        #expect(Self.iso(first.published) == "2026-09-24T04:00:00Z")
        let second = feed.entries[1]
        #expect(second.authors.map(\.name) == ["Naser Mansour", "Sidahmed Benabderrahmane", "Ameer Rahwan"])
        #expect(second.arxiv?.categories == ["cs.LG", "cs.AI"])
        let cross = feed.entries[2]
        #expect(cross.arxiv?.id == "2205.06398")
        #expect(cross.arxiv?.version == 2)
        #expect(cross.arxiv?.announceType == "cross")
        #expect(cross.arxiv?.doi == "10.1093/bioinformatics/btac431")
        let replaced = feed.entries[3]
        #expect(replaced.arxiv?.version == 3)
        #expect(replaced.arxiv?.announceType == "replace")
    }

    @Test func readsExportAPIAtom() throws {
        let feed = try Self.parse("arxiv/api-query-cat-cs.CL.xml")
        #expect(feed.format == "atom10")
        #expect(feed.entries.count == 3)
        let e = feed.entries[0]
        #expect(e.arxiv?.id == "2609.28471")
        #expect(e.arxiv?.version == 1)
        #expect(e.arxiv?.doi == "10.1007/978-3-032-39150-6_7")
        #expect(e.arxiv?.journalReference?.hasPrefix("Experimental IR Meets Multilinguality") == true)
        #expect(e.arxiv?.comment?.hasPrefix("Published in the proceedings of CLEF 2026.") == true)
        #expect(e.arxiv?.categories.first == "cs.CL")
        #expect(e.arxiv?.abstract?.hasPrefix("Our results show that contrastive learning") == true)
        #expect(e.authors.map(\.name) == ["Peter Kirby"])
        #expect(Self.iso(e.published) == "2026-09-23T17:59:08Z")
        #expect(e.links.contains { $0.rel == "related" && $0.type == "application/pdf" })
        #expect(feed.entries[1].authors.count == 6)
    }

    @Test func readsLegacyExportAPIAtom() throws {
        let feed = try Self.parse("arxiv/legacy-api-query-2021.xml")
        #expect(feed.entries.count == 2)
        let e = feed.entries[0]
        #expect(e.arxiv?.id == "1510.05980")
        #expect(e.arxiv?.version == 1)
        #expect(e.arxiv?.doi == "10.1088/1742-6596/718/3/032006")
        #expect(e.arxiv?.comment == "8 pages, 4 figures; to appear in the Proceedings of the TAUP 2015 conference")
        #expect(e.arxiv?.categories == ["astro-ph.CO", "hep-ph"])
        #expect(e.authors.map(\.name) == ["Stefano Gariazzo"])
    }

    @Test func readsLegacyArxivRSS1() throws {
        let feed = try Self.parse("arxiv/legacy-rss1-rdf-hep-ex-2018.xml")
        #expect(feed.format == "rss10")
        #expect(feed.entries.count == 3)
        #expect(feed.entries[0].title == "Measurement of Transverse Single Spin Asymmetries")
        #expect(feed.entries[0].arxiv?.id == "1805.08875")
        #expect(feed.entries[0].arxiv?.announceType == "new")
        #expect(feed.entries[1].arxiv?.announceType == "cross")
        let updated = feed.entries[2]
        #expect(updated.title == "New Perspective on Hybrid Mesons")
        #expect(updated.arxiv?.version == 2)
        #expect(updated.arxiv?.announceType == "replace")
        #expect(updated.arxiv?.categories == ["nucl-th"])
        #expect(updated.authors.count == 6)
        #expect(updated.authors.first?.name == "Shu-Sheng Xu")
        #expect(updated.arxiv?.abstract?.hasPrefix("It is thought") == true)
        #expect(updated.arxiv?.abstract?.contains("<p>") == false)
        #expect(Self.iso(feed.updated) == "2018-05-24T01:30:00Z")
    }

    @Test func readsTransformerCircuitsAtom() throws {
        let feed = try Self.parse("blogs/transformer-circuits-atom.xml")
        #expect(feed.title == "Transformer Circuits Thread")
        #expect(feed.entries.count == 55)
        let e = feed.entries[0]
        #expect(e.title == "Verbalizable Representations Form a Global Workspace in Language Models")
        #expect(e.link == "https://transformer-circuits.pub/2026/workspace/index.html")
        #expect(Self.iso(e.updated) == "2026-07-06T00:00:00Z")
        #expect(e.categories == ["paper"])
        #expect(e.arxiv == nil)
    }

    @Test func readsDeepMindRSS() throws {
        let feed = try Self.parse("blogs/deepmind-blog-rss.xml")
        #expect(feed.entries.count == 100)
        let e = feed.entries[0]
        #expect(e.title == "Introducing Gemini 3.7 Flash")
        #expect(e.link == "https://deepmind.google/blog/introducing-gemini-3-7-flash/")
        #expect(Self.iso(e.published) == "2026-08-13T17:04:18Z")
        #expect(feed.entries.allSatisfy { $0.published != nil && $0.link != nil })
    }

    @Test func readsCommunityMirrors() throws {
        let expected: [(String, Int, String, String)] = [
            ("blogs/mirror-anthropic-news.xml", 255, "How Claude’s text watermark works", "2026-08-14T00:00:00Z"),
            ("blogs/mirror-far-ai.xml", 58, "Concept Influence: Leveraging Interpretability to Improve Performance and Efficiency in Training", "2026-02-19T00:00:00Z"),
            ("blogs/mirror-goodfire.xml", 38, "Uncovering Neural Geometry in Vision Models With Block-Sparse Featurizers", "2026-07-07T00:00:00Z"),
            ("blogs/mirror-openai-research.xml", 194, "How enabling two settings tripled our scores on the ARC-AGI-3 benchmark", "2026-07-29T15:00:00Z"),
        ]
        for (path, count, title, date) in expected {
            let feed = try Self.parse(path)
            #expect(feed.entries.count == count, "\(path)")
            #expect(feed.entries.first?.title?.hasPrefix(String(title.prefix(40))) == true, "\(path)")
            #expect(Self.iso(feed.entries.first?.published) == date, "\(path)")
            #expect(feed.entries.allSatisfy { $0.link?.hasPrefix("https://") == true }, "\(path)")
        }
    }
}
