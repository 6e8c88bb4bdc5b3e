import Foundation

/// Why loading a tokenizer, weights or a model folder failed.
///
/// The `description` names the file involved and, for a missing or damaged model, the
/// set-up command that installs it (``TinyTransformer/installCommand``).
public struct TinyTransformerError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in a form code can switch on.
    public enum Reason: Sendable, Equatable {
        /// A file the model needs is not there.
        case missingFile
        /// A file is there but could not be read or mapped.
        case unreadableFile
        /// A file is there but its content is not what the format says.
        case corruptFile(String)
        /// A tensor the model needs is absent from the weights.
        case missingTensor(String)
        /// A tensor has another dtype or shape than the configuration implies.
        case unexpectedTensor(String)
        /// `config.json` describes a model this encoder does not run.
        case unsupportedConfiguration(String)
    }

    /// What went wrong.
    public var reason: Reason
    /// The file or folder involved.
    public var path: String
    /// The error that caused this one, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    /// - Parameters:
    ///   - reason: what went wrong.
    ///   - path: the file or folder involved.
    ///   - underlying: the error that caused this one, if any.
    public init(_ reason: Reason, path: String, underlying: (any Error & Sendable)? = nil) {
        self.reason = reason
        self.path = path
        self.underlying = underlying
    }

    public var description: String {
        var text: String
        switch reason {
        case .missingFile:
            text = "\(path) is missing"
        case .unreadableFile:
            text = "\(path) cannot be read"
        case .corruptFile(let detail):
            text = "\(path) is damaged: \(detail)"
        case .missingTensor(let name):
            text = "\(path) has no tensor '\(name)'"
        case .unexpectedTensor(let detail):
            text = "\(path): \(detail)"
        case .unsupportedConfiguration(let detail):
            text = "\(path): unsupported model configuration: \(detail)"
        }
        if let underlying {
            text += " (\(underlying))"
        }
        switch reason {
        case .unsupportedConfiguration:
            break
        default:
            text += ". Install the model with \(TinyTransformer.installCommand)"
                + " (it copies all-MiniLM-L6-v2 into Models/all-MiniLM-L6-v2/)."
        }
        return text
    }
}
