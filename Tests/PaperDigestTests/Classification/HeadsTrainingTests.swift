import Foundation
import Testing
@testable import PaperDigest

@Suite struct HeadsTrainingTests {
    @Test func lbfgsFindsTheMinimumOfAQuadratic() {
        let target = [3.0, -2.0, 0.5]
        let x = LBFGS().minimize(from: [0, 0, 0]) { x, gradient in
            var loss = 0.0
            for i in 0..<3 {
                let d = x[i] - target[i]
                loss += Double(i + 1) * d * d
                gradient[i] = 2 * Double(i + 1) * d
            }
            return loss
        }
        for i in 0..<3 { #expect(abs(x[i] - target[i]) < 1e-5) }
    }

    @Test func softmaxRegressionSeparatesSeparableClasses() {
        var rows: [[Double]] = []
        var labels: [Int] = []
        for i in 0..<90 {
            let c = i % 3
            let jitter = Double(i % 7) / 20
            rows.append([c == 0 ? 2 + jitter : -jitter, c == 1 ? 2 + jitter : jitter, c == 2 ? 2 - jitter : jitter])
            labels.append(c)
        }
        let model = SoftmaxRegression.fit(Matrix(rows), labels: labels, classes: 3, l2: 1e-3)
        let correct = zip(rows, labels).filter { row, label in
            let p = model.probabilities(row)
            return p.indices.max { p[$0] < p[$1] } == label
        }.count
        #expect(correct == 90)
    }

    @Test func ridgeRecoversALinearFunction() {
        let rows = (0..<50).map { i in [Double(i % 10), Double((i * 7) % 13)] }
        let targets = rows.map { 2 * $0[0] - 0.5 * $0[1] + 1 }
        let model = RidgeRegression.fit(Matrix(rows), targets: targets, l2: 1e-6)
        #expect(abs(model.weights[0] - 2) < 1e-4)
        #expect(abs(model.weights[1] + 0.5) < 1e-4)
        #expect(abs(model.bias - 1) < 1e-3)
    }

    /// Heads trained once on the synthetic examples, shared by the tests below.
    static let trained = Result<(table: TrainingTable, heads: Heads), any Error> {
        let taxonomy = try ClassificationFixtures.taxonomy()
        let examples = ClassificationFixtures.syntheticExamples()
        let vectors = try ClassificationFixtures.hashingEmbedder.embed(examples.map(\.text))
        let trainer = HeadsTrainer(topics: taxonomy.topics)
        let table = trainer.table(examples: examples, embeddings: vectors)
        return (table, trainer.train(table, modelID: ClassificationFixtures.hashingEmbedder.modelID))
    }

    @Test func headsLearnASmallSyntheticSet() async throws {
        let (table, heads) = try await ClassificationFixtures.offPool { try Self.trained.get() }
        let topics = try ClassificationFixtures.taxonomy().topics
        let examples = table.examples
        var sentimentRight = 0, fieldRight = 0, scoreError = 0
        for index in 0..<table.count {
            let x = heads.standardize(embedding: table.embeddings[index], ruleFeatures: table.ruleFeatures[index])
            let prediction = heads.predict(x, words: heads.words(table.terms[index]), hits: table.hits[index], topics: topics)
            if prediction.sentiment == examples[index].sentiment { sentimentRight += 1 }
            if prediction.field?.tagged == examples[index].tags?.contains(Topic.fieldSlug) { fieldRight += 1 }
            scoreError += abs(prediction.score - (examples[index].score ?? 0))
        }
        #expect(sentimentRight == examples.count)
        #expect(fieldRight == examples.count)
        #expect(Double(scoreError) / Double(examples.count) < 0.5)
    }

    @Test func trainingIsDeterministic() async throws {
        let (table, heads) = try await ClassificationFixtures.offPool { try Self.trained.get() }
        let again = try await ClassificationFixtures.offPool {
            HeadsTrainer(topics: try ClassificationFixtures.taxonomy().topics).train(table, modelID: heads.modelID)
        }
        #expect(again.version == heads.version)
        #expect(heads.version.hasPrefix("h") && heads.version.count == 17)
    }

    @Test func headsSurviveARoundTripThroughTheFile() async throws {
        let (table, heads) = try await ClassificationFixtures.offPool { try Self.trained.get() }
        let taxonomy = try ClassificationFixtures.taxonomy()
        let embedder = ClassificationFixtures.hashingEmbedder
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("heads-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try heads.write(to: path)
        let loaded = try Heads.load(path: path)
        #expect(loaded.version == heads.version)
        #expect(loaded.stamped().version == heads.version)

        let input = ClassifierInput(title: "Interpreting features", abstract: table.examples[0].abstract)
        let before = try Classifier(heads: heads, taxonomy: taxonomy, embedder: embedder).classify(input)
        let after = try Classifier(heads: loaded, taxonomy: taxonomy, embedder: embedder).classify(input)
        #expect(before.tags == after.tags)
        #expect(before.sentiment == after.sentiment)
        #expect(before.score == after.score)
        #expect(before.sentimentProbabilities == after.sentimentProbabilities)
        #expect(after.explanation.neighbours.count == 3)
        #expect(after.explanation.neighbours.first?.id.hasPrefix("synthetic-") == true)
    }

    @Test func titlesReadAloneTeachTheFieldsHeadToReadABareTitle() async throws {
        let probabilities = try await ClassificationFixtures.offPool { () throws -> [Double] in
            let topics = try ClassificationFixtures.taxonomy().topics
            let embedder = ClassificationFixtures.hashingEmbedder
            var examples = ClassificationFixtures.syntheticExamples()
            // A post whose summary is only its title again has no title view of its own.
            examples.append(LabelledExample(
                id: "post", title: "Applied learning news", abstract: "Applied learning news", sentiment: .neutral,
                score: 2, tags: []))
            let withTitles = TrainingTable.titleViewIndices(examples)
            #expect(withTitles == Array(0..<(examples.count - 1)))
            let titles = Dictionary(uniqueKeysWithValues: try withTitles.map { ($0, try embedder.embed([examples[$0].title])[0]) })
            let table = HeadsTrainer(topics: topics).table(
                examples: examples, embeddings: try embedder.embed(examples.map(\.text)), titleEmbeddings: titles)
            #expect(table.titleViews.compactMap { $0 }.count == examples.count - 1)
            let title = "Interpreting features 7"
            let reading = FeatureExtractor(topics: topics).read(title: title, sentences: [])
            let embedding = try embedder.embed([title])[0]
            return [0, 0.5].map { weight in
                let trainer = HeadsTrainer(topics: topics, hyperparameters: .init(titleWeight: weight))
                let heads = trainer.train(table, modelID: embedder.modelID)
                let x = heads.standardize(embedding: embedding, ruleFeatures: reading.features)
                return heads.predict(x, words: heads.words(reading.terms), hits: reading.hits, topics: topics).field!.probability!
            }
        }
        // The bare title of a paper of the field reads as more of the field once titles were
        // shown: its log-odds rise by more than one.
        let logOdds = probabilities.map { log($0 / (1 - $0)) }
        #expect(logOdds[1] > logOdds[0] + 1, "\(probabilities)")
    }

    @Test func headsFilesFromBeforeTitleViewsReadAsNoTitleWeight() throws {
        let json = #"{"sentimentL2": 0.4, "lexicalL2": 1e-05, "lexiconMinimumDocuments": 3, "scoreL2": 300, "tagL2": 0.05}"#
        let hyperparameters = try JSONDecoder().decode(Heads.Hyperparameters.self, from: Data(json.utf8))
        #expect(hyperparameters.titleWeight == 0)
        #expect(hyperparameters.tagL2 == 0.05)
    }

    @Test func refusesHeadsOfAnotherEncoderOrABrokenFile() async throws {
        var heads = try await ClassificationFixtures.offPool { try Self.trained.get() }.heads
        heads.modelID = "another-model"
        let taxonomy = try ClassificationFixtures.taxonomy()
        #expect(throws: PaperDigestError.self) {
            _ = try Classifier(heads: heads, taxonomy: taxonomy, embedder: ClassificationFixtures.hashingEmbedder)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "{\"format\": 1}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { _ = try Heads.load(path: path) } throws: { String(describing: $0).contains("paperdigest train") }
    }
}
