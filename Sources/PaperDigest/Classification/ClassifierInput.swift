/// What the classifier reads of a paper or post.
public struct ClassifierInput: Sendable, Hashable {
    public var title: String
    /// The abstract, or a post's summary; may be empty.
    public var abstract: String
    /// The embedding of `text` by the classifier's model, when already known (stored in
    /// `embeddings`); computed when `nil`.
    public var embedding: [Float]?

    public init(title: String, abstract: String, embedding: [Float]? = nil) {
        self.title = title
        self.abstract = abstract
        self.embedding = embedding
    }

    /// The text that is embedded: the title, then the abstract.
    public var text: String { Self.text(title: title, abstract: abstract) }

    /// Title and abstract joined as the heads were trained on them.
    public static func text(title: String, abstract: String) -> String {
        let title = title.trimmedWhitespace
        let abstract = abstract.trimmedWhitespace
        if abstract.isEmpty { return title }
        if title.isEmpty { return abstract }
        if let last = title.last, ".!?".contains(last) { return title + " " + abstract }
        return title + ". " + abstract
    }
}
