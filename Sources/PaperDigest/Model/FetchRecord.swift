import Foundation

/// What one fetch attempt of a source came to, as the store step records it.
public struct FetchRecord: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case ok
        case notModified = "not-modified"
        case failed
    }

    public var outcome: Outcome
    public var startedAt: Date
    public var duration: TimeInterval
    public var httpStatus: Int?
    public var bytes: Int
    /// One line saying why the attempt failed, for `failed`; warnings for `ok`.
    public var error: String?
    /// The validators the server sent with a 200, to send back next time.
    public var etag: String?
    public var lastModified: String?
    /// Where a permanent redirect (301 / 308) said the feed now lives.
    public var permanentURL: String?
    /// When the source may be fetched again (backoff, Retry-After); `nil` for "next run".
    public var nextFetchAt: Date?
    /// Set when the source must stop being fetched (410 Gone), with why.
    public var disableReason: String?

    public init(
        outcome: Outcome, startedAt: Date, duration: TimeInterval = 0, httpStatus: Int? = nil,
        bytes: Int = 0, error: String? = nil, etag: String? = nil, lastModified: String? = nil,
        permanentURL: String? = nil, nextFetchAt: Date? = nil, disableReason: String? = nil
    ) {
        self.outcome = outcome
        self.startedAt = startedAt
        self.duration = duration
        self.httpStatus = httpStatus
        self.bytes = bytes
        self.error = error
        self.etag = etag
        self.lastModified = lastModified
        self.permanentURL = permanentURL
        self.nextFetchAt = nextFetchAt
        self.disableReason = disableReason
    }
}

/// How many items one save added and changed.
public struct SaveCounts: Sendable, Hashable {
    public var new: Int = 0
    public var updated: Int = 0
    public var unchanged: Int = 0

    public init(new: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
    }

    public static func + (lhs: SaveCounts, rhs: SaveCounts) -> SaveCounts {
        SaveCounts(new: lhs.new + rhs.new, updated: lhs.updated + rhs.updated, unchanged: lhs.unchanged + rhs.unchanged)
    }
}
