import Foundation

/// How a source is doing, as the `sources` table keeps it: failures in a row, when it may
/// be fetched again, and why it was disabled.
public struct SourceHealth: Sendable, Hashable, Codable {
    /// Failed fetches in a row; 0 after a success or a `304`.
    public var consecutiveFailures: Int
    /// Do not fetch before this time (backoff or `Retry-After`); `nil` means any time.
    public var nextFetchAt: Date?
    /// Set when the source should no longer be fetched (e.g. `410 Gone`): the reason to show.
    public var disabledReason: String?

    public init(consecutiveFailures: Int = 0, nextFetchAt: Date? = nil, disabledReason: String? = nil) {
        self.consecutiveFailures = consecutiveFailures
        self.nextFetchAt = nextFetchAt
        self.disabledReason = disabledReason
    }

    /// A source that never failed.
    public static let healthy = SourceHealth()
}
