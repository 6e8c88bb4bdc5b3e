/// Turns texts into L2-normalised vectors: the seam between the classifier and the
/// encoder (the MiniLM `SentenceEncoder` in production, a test double in tests).
public struct Embedder: Sendable {
    /// Names the model, so embeddings and heads of different models are never mixed.
    public var modelID: String
    /// One vector per text, in order, all of the same length.
    public var embed: @Sendable ([String]) throws -> [[Float]]

    public init(modelID: String, embed: @escaping @Sendable ([String]) throws -> [[Float]]) {
        self.modelID = modelID
        self.embed = embed
    }
}
