import Foundation
import GRDB
import Testing
@testable import PaperDigest

@Suite struct ClassifyStepTests {
    let now = Date(timeIntervalSince1970: 1_763_700_000)

    func database(with papers: [(id: String, title: String, abstract: String)]) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        let source = Source(url: "https://rss.arxiv.org/rss/cs.LG", title: "arXiv cs.LG", kind: .arxiv)
        try database.syncSources([source], now: now)
        let sourceID = try #require(try database.sourceStates().first?.id)
        let drafts = papers.map { paper in
            ItemDraft(key: .arxiv(paper.id), arxivID: paper.id, arxivVersion: 1, url: "https://arxiv.org/abs/\(paper.id)",
                      title: paper.title, summaryText: paper.abstract, published: now)
        }
        try database.saveFetch(FetchRecord(outcome: .ok, startedAt: now, httpStatus: 200), entries: drafts, sourceID: sourceID, now: now)
        return database
    }

    let papers = [
        (id: "2501.00001", title: "Sparse autoencoders find features",
         abstract: "Sparse autoencoders recover monosemantic features from the residual stream of a language model. We propose a new method that outperforms prior work."),
        (id: "2501.00002", title: "Robots that walk",
         abstract: "We propose a reinforcement learning method for robot locomotion that outperforms baselines."),
        (id: "2501.00003", title: "Probes", abstract: "Linear probes on hidden states decode the truth value of statements."),
    ]

    @Test func classifiesEachItemOnceAndStoresItsEmbedding() async throws {
        let database = try database(with: papers)
        let classifier = try await ClassificationFixtures.offPool { try ClassifierTests.testClassifier() }
        var progress: [(Int, Int)] = []
        let report = try ClassifyStep.run(database: database, classifier: classifier, now: now, batchSize: 2) { progress.append(($0, $1)) }
        #expect(report.classified == 3)
        #expect(report.embedded == 3)
        #expect(report.remaining == 0)
        #expect(progress.last! == (3, 3))
        let stored = try await database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM classifications") }
        #expect(stored == 3)
        let vectors = try database.embeddings(model: classifier.embedder.modelID)
        #expect(vectors.count == 3 && vectors.allSatisfy { $0.vector.count == 384 })

        let again = try ClassifyStep.run(database: database, classifier: classifier, now: now)
        #expect(again.classified == 0)

        let sae = try #require(try database.itemID(for: "https://arxiv.org/abs/2501.00001v1"))
        let row = try #require(try database.latestClassification(itemID: sae))
        #expect(row.tags.contains(Topic.fieldSlug))
        #expect((row.relevance ?? 0) >= 0.5)
        let explanation = try JSONDecoder().decode(Explanation.self, from: Data(try #require(row.explanation).utf8))
        #expect(explanation.neighbours.count == 3)
        let report2 = try ExplainStep.report(database: database, reference: "2501.00001")
        #expect(report2.contains("nearest labelled examples"))
        #expect(report2.contains("sparse autoencoders"))
    }

    @Test func reusesStoredEmbeddingsAndRespectsTheLimit() async throws {
        let database = try database(with: papers)
        let classifier = try await ClassificationFixtures.offPool { try ClassifierTests.testClassifier() }
        let itemID = try #require(try database.itemID(for: "2501.00002"))
        try database.saveEmbedding(ClassificationFixtures.hashedVector("anything"), itemID: itemID, model: classifier.embedder.modelID, now: now)
        let first = try ClassifyStep.run(database: database, classifier: classifier, now: now, limit: 2)
        #expect(first.classified == 2)
        #expect(first.remaining == 1)
        let second = try ClassifyStep.run(database: database, classifier: classifier, now: now)
        #expect(second.classified == 1)
        #expect(first.embedded + second.embedded == 2)
    }

    @Test func labelsAreRecordedAndReadBackWithTheItemsText() async throws {
        let database = try database(with: papers)
        let itemID = try #require(try database.itemID(for: "arXiv:2501.00003v2"))
        try database.addLabel(itemID: itemID, sentiment: .bullish, score: nil, tags: nil, now: now)
        try database.addLabel(itemID: itemID, sentiment: nil, score: 6, tags: [Topic.fieldSlug, "probing"], now: now.addingTimeInterval(1))
        let examples = try database.labelledItems()
        #expect(examples.count == 1)
        #expect(examples[0].id == "2501.00003")
        #expect(examples[0].sentiment == .bullish)
        #expect(examples[0].score == 6)
        #expect(examples[0].tags == [Topic.fieldSlug, "probing"])
        #expect(examples[0].abstract.contains("Linear probes"))
        #expect(try database.itemID(for: "9999.99999") == nil)
    }

    @Test func explainingAnUnclassifiedItemSaysWhatToRun() async throws {
        let database = try database(with: papers)
        #expect { _ = try ExplainStep.report(database: database, reference: "2501.00001") } throws: {
            String(describing: $0).contains("paperdigest classify")
        }
    }
}
