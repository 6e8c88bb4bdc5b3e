import Foundation

/// The labelled examples `train` and `eval` learn from.
public struct TrainingData: Sendable {
    public var examples: [LabelledExample]
    /// Labels read from the labels file (with a text found in the corpus).
    public var fromFile: Int
    /// Labels from the database's `labels` table (they win over the file for the same paper).
    public var fromDatabase: Int
    /// Labels of the file whose text is in neither the corpus nor the database.
    public var missing: [String]
}

/// What `paperdigest train` did.
public struct TrainReport: Sendable {
    public var data: TrainingData
    public var heads: Heads
    /// Texts the encoder read (the rest came from the embedding cache).
    public var embedded: Int
    public var headsPath: String
}

/// `paperdigest train` and `paperdigest eval`: labelled examples → embeddings → heads.
public enum TrainStep {
    /// Progress of a long phase: its name, done, total.
    public typealias Progress = @Sendable (String, Int, Int) -> Void

    /// The labels of the labels file with their texts from the corpus, and the labels of the
    /// database with the items' own texts.
    public static func trainingData(labelsPath: String, corpusPath: String, database: AppDatabase?) throws -> TrainingData {
        let labels = try LabelFile.read(path: labelsPath)
        let (found, missing) = try LabelFile.examples(for: labels, corpusPath: corpusPath)
        let stored = try database?.labelledItems() ?? []
        let storedIDs = Set(stored.map(\.id))
        var examples = found.filter { !storedIDs.contains($0.id) }
        examples.append(contentsOf: stored)
        return TrainingData(
            examples: examples, fromFile: found.count, fromDatabase: stored.count,
            missing: missing.map(\.id).filter { !storedIDs.contains($0) })
    }

    /// Embeddings of texts, from the cache when it has them.
    public static func embed(
        _ texts: [String], embedder: Embedder, cache: inout EmbeddingCache?, batchSize: Int = 32,
        progress: Progress = { _, _, _ in }
    ) throws -> (vectors: [[Float]], computed: Int) {
        var vectors = [[Float]?](repeating: nil, count: texts.count)
        var todo: [Int] = []
        for (index, text) in texts.enumerated() {
            if let known = cache?[text] { vectors[index] = known } else { todo.append(index) }
        }
        progress("embed", 0, todo.count)
        var start = 0
        while start < todo.count {
            let batch = Array(todo[start..<min(start + batchSize, todo.count)])
            let out = try embedder.embed(batch.map { texts[$0] })
            for (index, vector) in zip(batch, out) {
                vectors[index] = vector
                cache?.insert(vector, for: texts[index])
            }
            start += batchSize
            progress("embed", min(start, todo.count), todo.count)
        }
        cache?.save()
        return (vectors.map { $0! }, todo.count)
    }

    /// The training table of the examples: their texts embedded, and their titles alone
    /// (`TrainingTable.titleViewIndices`) when the trainer shows titles apart.
    static func table(
        _ examples: [LabelledExample], trainer: HeadsTrainer, embedder: Embedder, cache: inout EmbeddingCache?,
        progress: Progress
    ) throws -> (table: TrainingTable, computed: Int) {
        let withTitles = trainer.hyperparameters.titleWeight > 0 ? TrainingTable.titleViewIndices(examples) : []
        let texts = examples.map(\.text) + withTitles.map { examples[$0].title.trimmedWhitespace }
        let (vectors, computed) = try embed(texts, embedder: embedder, cache: &cache, progress: progress)
        let titleEmbeddings = Dictionary(uniqueKeysWithValues: zip(withTitles, vectors[examples.count...]))
        let table = trainer.table(
            examples: examples, embeddings: Array(vectors[..<examples.count]), titleEmbeddings: titleEmbeddings)
        return (table, computed)
    }

    /// Trains heads on every example and writes them to `headsPath`.
    public static func train(
        data: TrainingData, taxonomy: Taxonomy, embedder: Embedder, headsPath: String, cache: EmbeddingCache?,
        trainer: HeadsTrainer? = nil, progress: Progress = { _, _, _ in }
    ) throws -> TrainReport {
        guard !data.examples.isEmpty else {
            throw PaperDigestError(.classify, "no labelled examples to train on", at: headsPath)
        }
        var cache = cache
        let trainer = trainer ?? HeadsTrainer(topics: taxonomy.topics)
        let (table, computed) = try table(data.examples, trainer: trainer, embedder: embedder, cache: &cache, progress: progress)
        progress("train", 0, 1)
        let heads = trainer.train(table, modelID: embedder.modelID)
        try heads.write(to: headsPath)
        progress("train", 1, 1)
        return TrainReport(data: data, heads: heads, embedded: computed, headsPath: headsPath)
    }

    /// Cross-validates the heads and the baselines on every example.
    public static func evaluate(
        data: TrainingData, taxonomy: Taxonomy, embedder: Embedder, cache: EmbeddingCache?, folds: Int = 5,
        trainer: HeadsTrainer? = nil, progress: Progress = { _, _, _ in }
    ) throws -> Evaluation {
        var cache = cache
        let trainer = trainer ?? HeadsTrainer(topics: taxonomy.topics)
        let (table, _) = try table(data.examples, trainer: trainer, embedder: embedder, cache: &cache, progress: progress)
        return CrossValidator(trainer: trainer, folds: folds).evaluate(table) { done, total in progress("fold", done, total) }
    }
}
