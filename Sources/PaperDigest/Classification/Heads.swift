import Foundation

/// The trained heads (`Data/heads.json`): standardisation of the features, the sentiment,
/// score and tag heads, the thresholds that combine tags with the phrase rules, and the
/// labelled examples kept for "nearest examples" explanations.
///
/// `version` is a hash of everything else, so a classification names exactly the heads
/// that made it, and `modelID` names the encoder whose embeddings they read.
public struct Heads: Sendable, Hashable, Codable {
    public static let currentFormat = 2

    public var format: Int
    /// `h` and 16 hex digits: a hash of the rest of the file.
    public var version: String
    /// The encoder the heads were trained on (`SentenceEncoder.modelID`).
    public var modelID: String
    /// The embedding's length.
    public var dimension: Int
    /// The rule features after the embedding, by name (`FeatureExtractor.featureNames`).
    public var ruleFeatures: [String]
    /// Per feature (embedding first): subtract `mean`, divide by `scale`.
    public var mean: [Float]
    public var scale: [Float]
    /// `bullish`, `neutral`, `bearish` in the order of the sentiment head's classes.
    public var sentimentLabels: [String]
    var sentiment: SoftmaxRegression
    /// The bag of words read by the sentiment head and the field's tag head: the vocabulary
    /// and each head's word weights, added to its score.
    public var lexicon: Lexicon
    var score: RidgeRegression
    public var tags: [TagHead]
    public var hyperparameters: Hyperparameters
    public var examples: ExampleIndex

    /// One topic's logistic head and the thresholds that combine it with the phrase rules.
    public struct TagHead: Sendable, Hashable, Codable {
        public var slug: String
        var model: LogisticRegression
        /// Probability at or above which the head tags with a strong phrase present.
        public var strongThreshold: Double
        /// … with two different weak phrases present.
        public var pairThreshold: Double
        /// … with one weak phrase present (the head's vote).
        public var weakThreshold: Double
        /// … with no phrase of the topic, or a negative one.
        public var threshold: Double
    }

    /// What training was told.
    public struct Hyperparameters: Sendable, Hashable, Codable {
        public var sentimentL2: Double
        /// The penalty on the sentiment head's word weights.
        public var lexicalL2: Double
        /// A word or word pair joins the vocabulary when this many training texts hold it.
        public var lexiconMinimumDocuments: Int
        public var scoreL2: Double
        public var tagL2: Double
        /// How much a labelled text's title, read alone, counts for the field's head beside
        /// the whole text (0: titles are not shown apart).
        public var titleWeight: Double

        /// Penalties per example, chosen by 5-fold cross-validation on `Data/labels.jsonl`
        /// (`paperdigest eval`): about sklearn's C = 0.003 for sentiment and 0.03 for tags
        /// at 750 training examples, C = 30 for the words at 3,000, and ridge α = 300 for
        /// the score. Titles count half an example (0.3, 0.5 and 1 gave about the same).
        public init(
            sentimentL2: Double = 0.4, lexicalL2: Double = 1e-5, lexiconMinimumDocuments: Int = 3, scoreL2: Double = 300,
            tagL2: Double = 0.05, titleWeight: Double = 0.5
        ) {
            self.sentimentL2 = sentimentL2
            self.lexicalL2 = lexicalL2
            self.lexiconMinimumDocuments = lexiconMinimumDocuments
            self.scoreL2 = scoreL2
            self.tagL2 = tagL2
            self.titleWeight = titleWeight
        }

        enum CodingKeys: String, CodingKey {
            case sentimentL2, lexicalL2, lexiconMinimumDocuments, scoreL2, tagL2, titleWeight
        }

        /// Heads files written before titles were shown apart have no `titleWeight`: 0.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                sentimentL2: try container.decode(Double.self, forKey: .sentimentL2),
                lexicalL2: try container.decode(Double.self, forKey: .lexicalL2),
                lexiconMinimumDocuments: try container.decode(Int.self, forKey: .lexiconMinimumDocuments),
                scoreL2: try container.decode(Double.self, forKey: .scoreL2),
                tagL2: try container.decode(Double.self, forKey: .tagL2),
                titleWeight: try container.decodeIfPresent(Double.self, forKey: .titleWeight) ?? 0)
        }
    }

    /// The labelled examples, their labels and quantised embeddings (int8 with one scale
    /// per example, base64), for nearest-neighbour explanations.
    public struct ExampleIndex: Sendable, Hashable, Codable {
        public var ids: [String]
        public var titles: [String]
        public var sentiments: [String]
        public var scores: [Int]
        public var tags: [[String]]
        var scales: [Float]
        var vectors: String

        init(examples: [LabelledExample], embeddings: [[Float]]) {
            ids = examples.map(\.id)
            titles = examples.map(\.title)
            sentiments = examples.map { $0.sentiment?.rawValue ?? "" }
            scores = examples.map { $0.score ?? 0 }
            tags = examples.map { $0.tags ?? [] }
            var bytes: [UInt8] = []
            var scales: [Float] = []
            for vector in embeddings {
                let top = vector.map(abs).max() ?? 0
                let scale = top > 0 ? top / 127 : 1
                scales.append(scale)
                for value in vector { bytes.append(UInt8(bitPattern: Int8((value / scale).rounded()))) }
            }
            self.scales = scales
            self.vectors = Data(bytes).base64EncodedString()
        }

        /// The vectors back as floats, row-major, `ids.count × dimension`.
        func decodedVectors(dimension: Int) -> [Float] {
            guard let data = Data(base64Encoded: vectors), data.count == ids.count * dimension else { return [] }
            var out = [Float](repeating: 0, count: data.count)
            data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: Int8.self)
                for row in 0..<ids.count {
                    let scale = scales[row]
                    var norm: Float = 0
                    for j in 0..<dimension {
                        let value = Float(bytes[row * dimension + j]) * scale
                        out[row * dimension + j] = value
                        norm += value * value
                    }
                    let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
                    for j in 0..<dimension { out[row * dimension + j] *= inverse }
                }
            }
            return out
        }
    }

    // MARK: - Reading and writing

    /// Reads a heads file.
    ///
    /// - Throws: `PaperDigestError` naming the file, telling to run `paperdigest train`
    ///   when it is missing or unreadable.
    public static func load(path: String) throws -> Heads {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PaperDigestError(.classify, "no trained heads; run paperdigest train", at: path)
        }
        let heads: Heads
        do {
            heads = try JSONDecoder().decode(Heads.self, from: data)
        } catch {
            throw PaperDigestError(.classify, "not a heads file PaperDigest can read; run paperdigest train", at: path,
                                   underlying: error)
        }
        guard heads.format == currentFormat else {
            throw PaperDigestError(.classify, "heads format \(heads.format), expected \(currentFormat); run paperdigest train", at: path)
        }
        let width = heads.dimension + heads.ruleFeatures.count
        guard heads.mean.count == width, heads.scale.count == width,
            heads.sentiment.weights.allSatisfy({ $0.count == width }), heads.score.weights.count == width,
            heads.sentimentLabels.allSatisfy({ label in heads.lexicon.weights[Lexicon.sentimentHead(label)] != nil }),
            heads.tags.allSatisfy({ $0.model.weights.count == width })
        else {
            throw PaperDigestError(.classify, "heads file is inconsistent (weights of the wrong length); run paperdigest train", at: path)
        }
        return heads
    }

    /// Writes the file atomically: pretty-printed, keys sorted, so a retrained file diffs well.
    public func write(to path: String) throws {
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PaperDigestError(.classify, "cannot write the heads file", at: path, underlying: error)
        }
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// This value with `version` set to the hash of its content.
    func stamped() -> Heads {
        var copy = self
        copy.version = ""
        let data = (try? copy.encoded()) ?? Data()
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        copy.version = "h" + String(repeating: "0", count: 16 - hex.count) + hex
        return copy
    }
}
