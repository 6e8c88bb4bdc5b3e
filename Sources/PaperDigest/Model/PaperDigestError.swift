import Foundation

/// The one error PaperDigest's library throws: which step, what went wrong, where, and why.
///
/// Its `description` is one line a person can act on, e.g.
/// `fetch: https://example.org/feed.xml: body larger than 20 MiB cap`.
public struct PaperDigestError: Error, Sendable, CustomStringConvertible, LocalizedError {
    public enum Step: String, Sendable {
        case configuration, fetch, parse, store, classify, render, pipeline, model, lock
    }

    public var step: Step
    /// The URL or file path involved, when there is one.
    public var location: String?
    public var reason: String
    /// The underlying error's description, when another error caused this one.
    public var underlying: String?

    public init(_ step: Step, _ reason: String, at location: String? = nil, underlying: (any Error)? = nil) {
        self.step = step
        self.reason = reason
        self.location = location
        self.underlying = underlying.map { String(describing: $0) }
    }

    public var description: String {
        var line = step.rawValue + ": "
        if let location { line += location + ": " }
        line += reason
        if let underlying, !underlying.isEmpty { line += " (" + underlying + ")" }
        return line
    }

    public var errorDescription: String? { description }
}
