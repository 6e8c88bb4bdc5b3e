import Foundation

extension Workspace {
    public var modelPath: String { settings.resolve(settings.modelPath) }
    public var headsPath: String { settings.resolve(settings.headsPath) }
    public var labelsPath: String { settings.resolve(settings.labelsPath) }
    public var topicsPath: String { settings.resolve(settings.topicsPath) }
    public var entitiesPath: String { settings.resolve(settings.entitiesPath) }
    /// The shared corpus the labels' texts are read from: `../shared/corpus` beside the root.
    public var corpusPath: String { settings.resolve("../shared/corpus") }

    public func taxonomy() throws -> Taxonomy {
        try Taxonomy.load(topicsPath: topicsPath, entitiesPath: entitiesPath)
    }

    /// The encoder of the settings' model folder.
    ///
    /// - Throws: one line naming the folder and `Scripts/install-model.sh` when the model is
    ///   missing or damaged.
    public func embedder(threads: Int = 2) throws -> Embedder {
        try Embedder.sentenceEncoder(directory: modelPath, threads: threads)
    }

    /// The classifier of this workspace: its encoder, `Data/heads.json` and the taxonomy.
    /// The encoder is loaded first, so a missing model is the error a new user sees first.
    public func classifier(threads: Int = 2) throws -> Classifier {
        let embedder = try embedder(threads: threads)
        return try Classifier(heads: try Heads.load(path: headsPath), taxonomy: try taxonomy(), embedder: embedder)
    }

    /// The labelled examples: the labels file with the corpus' texts, and the database's labels.
    public func trainingData() throws -> TrainingData {
        let database = FileManager.default.fileExists(atPath: databasePath) ? try openDatabase() : nil
        return try TrainStep.trainingData(labelsPath: labelsPath, corpusPath: corpusPath, database: database)
    }

    /// `paperdigest train`: trains the heads and writes them to the settings' heads path.
    public func train(
        embedder: Embedder, hyperparameters: Heads.Hyperparameters = .init(), useCache: Bool = true,
        progress: TrainStep.Progress = { _, _, _ in }
    ) throws -> TrainReport {
        let taxonomy = try taxonomy()
        return try TrainStep.train(
            data: try trainingData(), taxonomy: taxonomy, embedder: embedder, headsPath: headsPath,
            cache: useCache ? EmbeddingCache(modelID: embedder.modelID, dimension: 384) : nil,
            trainer: HeadsTrainer(topics: taxonomy.topics, hyperparameters: hyperparameters), progress: progress)
    }

    /// `paperdigest eval`: cross-validates the heads and the baselines.
    public func evaluate(
        embedder: Embedder, hyperparameters: Heads.Hyperparameters = .init(), folds: Int = 5, useCache: Bool = true,
        progress: TrainStep.Progress = { _, _, _ in }
    ) throws -> Evaluation {
        let taxonomy = try taxonomy()
        return try TrainStep.evaluate(
            data: try trainingData(), taxonomy: taxonomy, embedder: embedder,
            cache: useCache ? EmbeddingCache(modelID: embedder.modelID, dimension: 384) : nil, folds: folds,
            trainer: HeadsTrainer(topics: taxonomy.topics, hyperparameters: hyperparameters), progress: progress)
    }

    /// `paperdigest label`: records a person's label of an item and says what was recorded.
    ///
    /// - Throws: `PaperDigestError` for an unknown item or a tag that is not in the taxonomy.
    public func label(
        reference: String, sentiment: Classification.Sentiment?, score: Int?, tags: [String]?, now: Date
    ) throws -> String {
        let database = try openDatabase()
        guard let itemID = try database.itemID(for: reference) else {
            throw PaperDigestError(.classify, "no item with this id, arXiv id or URL", at: reference)
        }
        var tags = tags
        if let given = tags {
            let known = Set(try taxonomy().topics.map(\.slug))
            if let unknown = given.first(where: { !known.contains($0) }) {
                throw PaperDigestError(
                    .classify, "\(unknown) is not a topic of \(topicsPath) (known: \(known.sorted().joined(separator: ", ")))")
            }
            // Every sub-topic implies the field.
            if !given.isEmpty && !given.contains(Topic.fieldSlug) { tags = [Topic.fieldSlug] + given }
        }
        try database.addLabel(itemID: itemID, sentiment: sentiment, score: score, tags: tags, now: now)
        var said: [String] = []
        if let sentiment { said.append(sentiment.rawValue) }
        if let score { said.append("score \(score)") }
        if let tags { said.append(tags.isEmpty ? "no tags" : "tags " + tags.joined(separator: ", ")) }
        return "labelled item \(itemID): \(said.joined(separator: ", ")) (used by the next paperdigest train)"
    }
}

extension ClassifyStep {
    /// The classify step of a workspace: loads its encoder, heads and taxonomy, then classifies.
    ///
    /// - Parameters:
    ///   - progress: called after each batch with (items done, items to do).
    public static func run(
        workspace: Workspace, now: Date, limit: Int? = nil, threads: Int = 2, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ClassifyReport {
        try run(
            database: try workspace.openDatabase(), classifier: try workspace.classifier(threads: threads), now: now,
            limit: limit, progress: progress)
    }
}

extension ClassifyReport {
    /// One line for the terminal.
    public var summary: String {
        var line = "classified \(classified) item\(classified == 1 ? "" : "s") with heads \(headsVersion)"
        line += " (\(embedded) embedded, \(classified - embedded) from stored embeddings) in "
        line += String(format: "%.1f s", duration)
        if remaining > 0 { line += "; \(remaining) left for the next run" }
        return line
    }
}

extension TrainReport {
    /// What was trained, in a few lines.
    public var summary: String {
        var lines = [
            "trained on \(data.examples.count) labelled examples (\(data.fromFile) from the labels file, \(data.fromDatabase) from the database); \(embedded) texts embedded, the rest from the cache",
            "wrote \(headsPath): heads \(heads.version), model \(heads.modelID), \(heads.tags.count) tag heads",
        ]
        if !data.missing.isEmpty {
            lines.append("\(data.missing.count) labels have no text in the corpus or the database: \(data.missing.prefix(5).joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}
