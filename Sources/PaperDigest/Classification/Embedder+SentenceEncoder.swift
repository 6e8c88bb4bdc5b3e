import Foundation
import TinyTransformer

extension Embedder {
    /// The MiniLM encoder of `directory`, run natively.
    ///
    /// - Parameters:
    ///   - directory: a Hugging Face BERT folder (`config.json`, `vocab.txt`, `model.safetensors`).
    ///   - threads: worker threads for the encoder.
    /// - Throws: `PaperDigestError` (step `model`) in one line that names the folder and
    ///   `Scripts/install-model.sh` when the model is missing or damaged.
    public static func sentenceEncoder(directory: String, threads: Int = 2) throws -> Embedder {
        try EncoderCPU.check()
        let encoder: SentenceEncoder
        do {
            encoder = try SentenceEncoder(directory: URL(fileURLWithPath: directory), threads: threads)
        } catch let error as TinyTransformerError {
            throw PaperDigestError(
                .model, "no usable encoder model (\(error.reasonSummary)); install it with \(TinyTransformer.installCommand)",
                at: directory)
        } catch {
            throw PaperDigestError(
                .model, "no usable encoder model; install it with \(TinyTransformer.installCommand)", at: directory,
                underlying: error)
        }
        return Embedder(modelID: encoder.modelID) { texts in encoder.embed(texts) }
    }
}

extension TinyTransformerError {
    /// What is wrong, without the path and the install advice the caller words itself.
    var reasonSummary: String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        switch reason {
        case .missingFile: return "\(file) is missing"
        case .unreadableFile: return "\(file) cannot be read"
        case .corruptFile(let detail): return "\(file) is damaged: \(detail)"
        case .missingTensor(let name): return "\(file) has no tensor '\(name)'"
        case .unexpectedTensor(let detail): return "\(file): \(detail)"
        case .unsupportedConfiguration(let detail): return "unsupported configuration: \(detail)"
        }
    }
}
