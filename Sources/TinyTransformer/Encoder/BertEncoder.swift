import COpenBLAS
import Foundation

/// The forward pass of a BERT encoder with mean pooling and L2 normalisation, over weights
/// read in place from a memory-mapped safetensors file.
///
/// A batch packs its texts' tokens into one `[tokens, hidden]` matrix, so the linear layers
/// run as one `cblas_sgemm` each with no padding at all; only attention works text by text
/// (and head by head, with strided products into the packed Q, K, V). All intermediate
/// values live in an ``EncoderWorkspace`` the caller owns and reuses.
final class BertEncoder: @unchecked Sendable {
    struct Layer {
        /// Q, K and V weights stacked: `[3·hidden, hidden]`, and their biases.
        var qkvWeight: UnsafePointer<Float>
        var qkvBias: UnsafePointer<Float>
        var attentionOutputWeight: UnsafePointer<Float>
        var attentionOutputBias: UnsafePointer<Float>
        var attentionNormGamma: UnsafePointer<Float>
        var attentionNormBeta: UnsafePointer<Float>
        var intermediateWeight: UnsafePointer<Float>
        var intermediateBias: UnsafePointer<Float>
        var outputWeight: UnsafePointer<Float>
        var outputBias: UnsafePointer<Float>
        var outputNormGamma: UnsafePointer<Float>
        var outputNormBeta: UnsafePointer<Float>
    }

    let configuration: BertConfiguration
    let weights: SafeTensors
    let wordEmbeddings: UnsafePointer<Float>
    let positionEmbeddings: UnsafePointer<Float>
    let tokenTypeEmbeddings: UnsafePointer<Float>
    let embeddingNormGamma: UnsafePointer<Float>
    let embeddingNormBeta: UnsafePointer<Float>
    let layers: [Layer]
    /// The stacked QKV weights and biases of every layer (the only weights copied).
    private let owned: UnsafeMutableBufferPointer<Float>

    /// Reads the weights a configuration needs from a safetensors file.
    /// - Parameters:
    ///   - configuration: the model's shape.
    ///   - weights: the mapped file; names may carry a `bert.` prefix.
    init(configuration: BertConfiguration, weights: SafeTensors) throws {
        self.configuration = configuration
        self.weights = weights
        let h = configuration.hiddenSize
        let i = configuration.intermediateSize
        let prefix = weights.tensors["embeddings.word_embeddings.weight"] == nil
            && weights.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
            try weights.floats(prefix + name, shape: shape).baseAddress!
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [configuration.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [configuration.maxPositions, h])
        tokenTypeEmbeddings = try tensor(
            "embeddings.token_type_embeddings.weight", [configuration.typeVocabularySize, h])
        embeddingNormGamma = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBeta = try tensor("embeddings.LayerNorm.bias", [h])

        let perLayer = 3 * h * h + 3 * h
        owned = .allocate(capacity: perLayer * configuration.layerCount)
        var layers: [Layer] = []
        do {
            for l in 0..<configuration.layerCount {
                let p = "encoder.layer.\(l)."
                let stacked = owned.baseAddress! + l * perLayer
                let stackedBias = stacked + 3 * h * h
                for (k, part) in ["query", "key", "value"].enumerated() {
                    let w = try tensor(p + "attention.self.\(part).weight", [h, h])
                    let b = try tensor(p + "attention.self.\(part).bias", [h])
                    (stacked + k * h * h).update(from: w, count: h * h)
                    (stackedBias + k * h).update(from: b, count: h)
                }
                layers.append(
                    Layer(
                        qkvWeight: UnsafePointer(stacked),
                        qkvBias: UnsafePointer(stackedBias),
                        attentionOutputWeight: try tensor(p + "attention.output.dense.weight", [h, h]),
                        attentionOutputBias: try tensor(p + "attention.output.dense.bias", [h]),
                        attentionNormGamma: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                        attentionNormBeta: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                        intermediateWeight: try tensor(p + "intermediate.dense.weight", [i, h]),
                        intermediateBias: try tensor(p + "intermediate.dense.bias", [i]),
                        outputWeight: try tensor(p + "output.dense.weight", [h, i]),
                        outputBias: try tensor(p + "output.dense.bias", [h]),
                        outputNormGamma: try tensor(p + "output.LayerNorm.weight", [h]),
                        outputNormBeta: try tensor(p + "output.LayerNorm.bias", [h])))
            }
        } catch {
            owned.deallocate()
            throw error
        }
        self.layers = layers
    }

    deinit {
        owned.deallocate()
    }

    /// Embeds a batch of tokenised texts into `output` (`batch.count × hidden`, each row
    /// mean-pooled and L2-normalised).
    /// - Parameters:
    ///   - batch: token ids per text, each at most `maxPositions` long and none empty; their
    ///     total at most `workspace.tokenCapacity`.
    ///   - workspace: the buffers to compute in.
    ///   - output: where the embeddings go, one row per text.
    func embed(
        _ batch: ArraySlice<[Int32]>, workspace: EncoderWorkspace, into output: UnsafeMutablePointer<Float>
    ) {
        let c = configuration
        let h = c.hiddenSize
        let tokens = batch.reduce(0) { $0 + $1.count }
        precondition(tokens <= workspace.tokenCapacity, "batch exceeds the workspace")
        let hidden = workspace.hidden
        let qkv = workspace.qkv
        let context = workspace.context
        let intermediate = workspace.intermediate

        // Embeddings: word + position + token type 0, then LayerNorm.
        var row = 0
        for ids in batch {
            for (position, id) in ids.enumerated() {
                let out = hidden + row * h
                let word = wordEmbeddings + Int(id) * h
                let pos = positionEmbeddings + position * h
                var sum = Kernels.Vector()
                var k = 0
                while k < h {
                    let v = Kernels.load(word + k) + Kernels.load(pos + k) + Kernels.load(tokenTypeEmbeddings + k)
                    sum += v
                    Kernels.store(v, out + k)
                    k += Kernels.width
                }
                Kernels.normalizeRow(
                    out, columns: h, sum: sum.sum(), gamma: embeddingNormGamma, beta: embeddingNormBeta,
                    epsilon: c.layerNormEpsilon)
                row += 1
            }
        }

        let m = Int32(tokens)
        let d = c.headSize
        let scale = 1 / Float(d).squareRoot()
        for layer in layers {
            // Q, K, V for every token at once, onto their biases.
            Kernels.fillRows(qkv, count: tokens, columns: 3 * h, with: layer.qkvBias)
            linear(hidden, rows: m, inputs: h, weights: layer.qkvWeight, outputs: 3 * h, into: qkv)

            // Attention, text by text and head by head: unnormalised weights e^(s - max)
            // times V, then each row of the narrow result divided by its weights' sum.
            var start = 0
            for ids in batch {
                let n = Int32(ids.count)
                let q = qkv + start * 3 * h
                for head in 0..<c.headCount {
                    let scores = workspace.scores
                    let out = context + start * h + head * d
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, n, n, Int32(d), scale,
                        q + head * d, Int32(3 * h), q + h + head * d, Int32(3 * h), 0, scores, n)
                    Kernels.exponentiateRows(scores, count: Int(n), columns: Int(n), inverseSums: workspace.rowScales)
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(d), n, 1,
                        scores, n, q + 2 * h + head * d, Int32(3 * h), 0, out, Int32(h))
                    Kernels.scaleRows(out, count: Int(n), columns: d, stride: h, by: workspace.rowScales)
                }
                start += ids.count
            }

            // The projection added onto the residual in place, then LayerNorm.
            linear(context, rows: m, inputs: h, weights: layer.attentionOutputWeight, outputs: h, into: hidden)
            Kernels.addBiasLayerNorm(
                hidden, count: tokens, columns: h, bias: layer.attentionOutputBias, gamma: layer.attentionNormGamma,
                beta: layer.attentionNormBeta, epsilon: c.layerNormEpsilon)

            Kernels.fillRows(intermediate, count: tokens, columns: c.intermediateSize, with: layer.intermediateBias)
            linear(
                hidden, rows: m, inputs: h, weights: layer.intermediateWeight, outputs: c.intermediateSize,
                into: intermediate)
            Kernels.gelu(intermediate, count: tokens, columns: c.intermediateSize)

            linear(
                intermediate, rows: m, inputs: c.intermediateSize, weights: layer.outputWeight, outputs: h,
                into: hidden)
            Kernels.addBiasLayerNorm(
                hidden, count: tokens, columns: h, bias: layer.outputBias, gamma: layer.outputNormGamma,
                beta: layer.outputNormBeta, epsilon: c.layerNormEpsilon)
        }

        // Mean pooling over each text's tokens, then L2 normalisation.
        var first = 0
        for (index, ids) in batch.enumerated() {
            let out = output + index * h
            var k = 0
            while k < h {
                var sum = Kernels.Vector()
                for t in first..<first + ids.count {
                    sum += Kernels.load(hidden + t * h + k)
                }
                Kernels.store(sum, out + k)
                k += Kernels.width
            }
            var norm: Float = 0
            for k in 0..<h { norm += out[k] * out[k] }
            // The mean's 1/n cancels in the normalisation.
            let inverse = 1 / Swift.max(norm.squareRoot(), 1e-12 * Float(ids.count))
            for k in 0..<h { out[k] *= inverse }
            first += ids.count
        }
    }

    /// `out[rows, outputs] += x[rows, inputs] · Wᵀ` for weights stored `[outputs, inputs]`;
    /// adding (β = 1) folds in a bias or residual and spares OpenBLAS zeroing `out` first.
    @inline(__always)
    private func linear(
        _ x: UnsafePointer<Float>, rows: Int32, inputs: Int, weights: UnsafePointer<Float>, outputs: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, rows, Int32(outputs), Int32(inputs), 1,
            x, Int32(inputs), weights, Int32(inputs), 1, out, Int32(outputs))
    }
}
