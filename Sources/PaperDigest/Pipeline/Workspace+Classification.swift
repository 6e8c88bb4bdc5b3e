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
}
