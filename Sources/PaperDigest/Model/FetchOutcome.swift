import Foundation

/// What happened when PaperDigest fetched one source, and what to store about it.
public struct FetchOutcome: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        /// A body arrived (`2xx`).
        case ok(FetchedDocument)
        /// `304 Not Modified`: nothing new since the stored validators.
        case notModified
        /// The fetch failed; the reason is one line a person can act on.
        case failed(reason: String)
        /// Not fetched: the source's next fetch time is in the future (backoff or `Retry-After`).
        case skipped(until: Date)
    }

    /// The source as it was asked for.
    public var target: FetchTarget
    public var status: Status
    /// The URL to store instead of `target.url`, when every redirect hop from it was
    /// permanent (`301` / `308`).
    public var permanentRedirect: String?
    /// The final HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// Validators to store, replacing the stored ones; `nil` means keep what is stored.
    public var validators: HTTPValidators?
    /// The source's health after this fetch: store it as is.
    public var health: SourceHealth
    /// Body bytes received (after content decoding).
    public var bytes: Int
    /// Wall-clock seconds the fetch took, redirects included (0 when skipped).
    public var elapsed: Double
    /// When the request started (the run's `now` when skipped).
    public var startedAt: Date

    public init(
        target: FetchTarget, status: Status, permanentRedirect: String? = nil, httpStatus: Int? = nil,
        validators: HTTPValidators? = nil, health: SourceHealth, bytes: Int = 0, elapsed: Double = 0,
        startedAt: Date
    ) {
        self.target = target
        self.status = status
        self.permanentRedirect = permanentRedirect
        self.httpStatus = httpStatus
        self.validators = validators
        self.health = health
        self.bytes = bytes
        self.elapsed = elapsed
        self.startedAt = startedAt
    }

    /// The fetched document, when the status is `.ok`.
    public var document: FetchedDocument? {
        if case .ok(let document) = status { return document }
        return nil
    }

    /// The failure reason, when the status is `.failed`.
    public var failureReason: String? {
        if case .failed(let reason) = status { return reason }
        return nil
    }

    /// Whether the fetch counts as a failure for the run's exit status.
    public var isFailure: Bool { failureReason != nil }
}
