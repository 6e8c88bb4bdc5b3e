import Foundation

/// What one classify step did.
public struct ClassifyReport: Sendable, Hashable {
    /// Items classified by the current heads in this run.
    public var classified: Int
    /// Of those, items whose embedding had to be computed (the others had one stored).
    public var embedded: Int
    /// Items still waiting (when the run had a limit).
    public var remaining: Int
    public var headsVersion: String
    public var duration: TimeInterval
}

/// Step 4 of the nightly run: every item not yet read by the current heads is embedded
/// (or its stored embedding reused), classified, and stored with its embedding.
public enum ClassifyStep {
    /// Classifies the items the heads `classifier.heads.version` have not read.
    ///
    /// - Parameters:
    ///   - database: where the items are and the classifications and embeddings go.
    ///   - classifier: the heads, taxonomy and encoder to read with.
    ///   - now: the time stored with each classification.
    ///   - limit: most items to classify in this run (`nil`: all).
    ///   - batchSize: items embedded and stored together (one transaction per batch).
    ///   - progress: called after each batch with (items done, items to do).
    public static func run(
        database: AppDatabase, classifier: Classifier, now: Date, limit: Int? = nil, batchSize: Int = 32,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ClassifyReport {
        let started = Date()
        let version = classifier.heads.version
        let model = classifier.embedder.modelID
        let waiting = try database.countItemsNeedingClassification(headsVersion: version)
        let items = try database.itemsNeedingClassification(headsVersion: version, model: model, limit: min(limit ?? waiting, waiting))
        var done = 0
        var embedded = 0
        progress(0, items.count)
        var start = 0
        while start < items.count {
            let batch = Array(items[start..<min(start + batchSize, items.count)])
            let inputs = batch.map { ClassifierInput(title: $0.title, abstract: $0.text, embedding: $0.embedding) }
            let read = try classifier.classifyWithEmbeddings(inputs)
            var results: [(itemID: Int64, embedding: [Float]?, classification: Classification)] = []
            for (item, result) in zip(batch, read) {
                // Only a newly computed embedding is stored; a stored one is already there.
                if item.embedding == nil { embedded += 1 }
                results.append((item.id, item.embedding == nil ? result.embedding : nil, result.classification))
            }
            try database.saveClassifications(results, model: model, now: now)
            done += batch.count
            start += batchSize
            progress(done, items.count)
        }
        return ClassifyReport(
            classified: done, embedded: embedded, remaining: waiting - done, headsVersion: version,
            duration: Date().timeIntervalSince(started))
    }
}
