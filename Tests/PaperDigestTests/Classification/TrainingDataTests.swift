import Foundation
import Testing
@testable import PaperDigest

@Suite struct TrainingDataTests {
    @Test func everyCommittedLabelFindsItsTextInTheCorpus() throws {
        let labels = try LabelFile.read(path: ClassificationFixtures.labelsPath)
        #expect(labels.count >= 946)
        let (found, missing) = try LabelFile.examples(for: labels, corpusPath: SharedFiles.corpus.path)
        #expect(missing.isEmpty)
        #expect(found.count == labels.count)
        #expect(found.allSatisfy { !$0.title.isEmpty })
        let known = Set(try ClassificationFixtures.taxonomy().topics.map(\.slug))
        #expect(found.allSatisfy { ($0.tags ?? []).allSatisfy(known.contains) })
    }

    @Test func badLabelLinesNameTheLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "{\"arxiv_id\": \"1\", \"score\": 5}\n{\"arxiv_id\": \"2\", \"score\": 11}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { _ = try LabelFile.read(path: path) } throws: { String(describing: $0).contains("line 2") }
    }

    @Test func databaseLabelsWinOverTheFileForTheSamePaper() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("td-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try """
            {"id": "2501.00001", "title": "SAEs", "abstract": "Sparse autoencoders."}
            {"title": "A post", "link": "https://example.org/post", "summary": "Steering vectors."}
            """.write(to: corpus.appendingPathComponent("papers.jsonl"), atomically: true, encoding: .utf8)
        let labels = dir.appendingPathComponent("labels.jsonl")
        try """
            {"arxiv_id": "2501.00001", "sentiment": "neutral", "score": 4, "tags": []}
            {"url": "https://example.org/post", "sentiment": "bullish", "score": 5, "tags": ["mechanistic-interpretability"]}
            {"arxiv_id": "0000.00000", "sentiment": "bullish", "score": 5, "tags": []}
            """.write(to: labels, atomically: true, encoding: .utf8)
        let database = try AppDatabase.inMemory()
        let now = Date()
        try database.syncSources([Source(url: "https://example.org/feed", title: "Feed", kind: .arxiv)], now: now)
        let sourceID = try #require(try database.sourceStates().first?.id)
        try database.saveFetch(
            FetchRecord(outcome: .ok, startedAt: now), entries: [ItemDraft(key: .arxiv("2501.00001"), arxivID: "2501.00001", title: "SAEs", summaryText: "Sparse autoencoders.")],
            sourceID: sourceID, now: now)
        try database.addLabel(itemID: try #require(try database.itemID(for: "2501.00001")), sentiment: .bullish, score: 7,
                              tags: [Topic.fieldSlug, "sparse-autoencoders"], now: now)

        let data = try TrainStep.trainingData(labelsPath: labels.path, corpusPath: corpus.path, database: database)
        #expect(data.fromFile == 2)
        #expect(data.fromDatabase == 1)
        #expect(data.missing == ["0000.00000"])
        #expect(data.examples.count == 2)
        let sae = try #require(data.examples.first { $0.id == "2501.00001" })
        #expect(sae.score == 7)
        #expect(data.examples.contains { $0.id == "https://example.org/post" && $0.abstract == "Steering vectors." })
    }
}
