import Foundation

/// The shape of a BERT encoder, read from a Hugging Face `config.json`.
public struct BertConfiguration: Sendable, Equatable {
    /// Width of every token vector (`hidden_size`), 384 for MiniLM-L6.
    public var hiddenSize: Int
    /// Number of transformer layers (`num_hidden_layers`).
    public var layerCount: Int
    /// Number of attention heads per layer (`num_attention_heads`).
    public var headCount: Int
    /// Width of the feed-forward layer (`intermediate_size`).
    public var intermediateSize: Int
    /// Number of learned positions (`max_position_embeddings`).
    public var maxPositions: Int
    /// Pieces in the vocabulary (`vocab_size`).
    public var vocabularySize: Int
    /// Token types (`type_vocab_size`); only type 0 is used.
    public var typeVocabularySize: Int
    /// The epsilon inside every LayerNorm (`layer_norm_eps`).
    public var layerNormEpsilon: Float

    /// Width of one attention head.
    public var headSize: Int { hiddenSize / headCount }

    /// Makes a configuration from its values.
    /// - Parameters:
    ///   - hiddenSize: width of every token vector.
    ///   - layerCount: number of transformer layers.
    ///   - headCount: attention heads per layer; must divide `hiddenSize`.
    ///   - intermediateSize: width of the feed-forward layer.
    ///   - maxPositions: number of learned positions.
    ///   - vocabularySize: pieces in the vocabulary.
    ///   - typeVocabularySize: token types.
    ///   - layerNormEpsilon: the epsilon inside every LayerNorm.
    public init(
        hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int, maxPositions: Int,
        vocabularySize: Int, typeVocabularySize: Int = 2, layerNormEpsilon: Float = 1e-12
    ) {
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.maxPositions = maxPositions
        self.vocabularySize = vocabularySize
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
    }

    /// Reads a Hugging Face `config.json` of a BERT model with the exact-erf GELU.
    /// - Parameter url: the `config.json` file.
    /// - Throws: ``TinyTransformerError`` if the file is missing, not JSON, or describes
    ///   another architecture or activation.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let missing = !FileManager.default.fileExists(atPath: url.path)
            throw TinyTransformerError(missing ? .missingFile : .unreadableFile, path: url.path)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw TinyTransformerError(.corruptFile("not a JSON object"), path: url.path)
        }
        func integer(_ key: String, default value: Int? = nil) throws -> Int {
            if let number = object[key] as? NSNumber { return number.intValue }
            if let value { return value }
            throw TinyTransformerError(.corruptFile("no '\(key)'"), path: url.path)
        }
        if let type = object["model_type"] as? String, type != "bert" {
            throw TinyTransformerError(.unsupportedConfiguration("model_type '\(type)' is not bert"), path: url.path)
        }
        if let activation = object["hidden_act"] as? String, activation != "gelu" {
            throw TinyTransformerError(
                .unsupportedConfiguration("hidden_act '\(activation)' is not gelu"), path: url.path)
        }
        if let embedding = object["position_embedding_type"] as? String, embedding != "absolute" {
            throw TinyTransformerError(
                .unsupportedConfiguration("position_embedding_type '\(embedding)' is not absolute"), path: url.path)
        }
        self.init(
            hiddenSize: try integer("hidden_size"),
            layerCount: try integer("num_hidden_layers"),
            headCount: try integer("num_attention_heads"),
            intermediateSize: try integer("intermediate_size"),
            maxPositions: try integer("max_position_embeddings"),
            vocabularySize: try integer("vocab_size"),
            typeVocabularySize: try integer("type_vocab_size", default: 2),
            layerNormEpsilon: (object["layer_norm_eps"] as? NSNumber)?.floatValue ?? 1e-12)
        guard hiddenSize > 0, layerCount > 0, headCount > 0, hiddenSize % headCount == 0,
            intermediateSize > 0, maxPositions > 0, vocabularySize > 0, typeVocabularySize > 0
        else {
            throw TinyTransformerError(
                .unsupportedConfiguration(
                    "hidden_size \(hiddenSize) with \(headCount) heads, \(layerCount) layers"), path: url.path)
        }
    }

    /// Multiply-adds ×2 of the matrix products for one text of `tokens` tokens.
    /// - Parameter tokens: the text's length in tokens, `[CLS]` and `[SEP]` included.
    public func matrixFLOPs(tokens: Int) -> Double {
        let n = Double(tokens)
        let h = Double(hiddenSize)
        let linear = 2 * n * (3 * h * h + h * h + 2 * h * Double(intermediateSize))
        let attention = 2 * 2 * n * n * h
        return Double(layerCount) * (linear + attention)
    }
}
