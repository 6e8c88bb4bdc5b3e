import Foundation

/// A followed source with what the database knows of its health.
public struct SourceState: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The source as configured; `source.url` is the address in `sources.opml`.
    public var source: Source
    /// Where it is fetched now (differs from `source.url` after a permanent redirect).
    public var fetchURL: String
    public var etag: String?
    public var lastModified: String?
    public var lastStatus: Int?
    public var lastError: String?
    public var lastFetchedAt: Date?
    public var lastSuccessAt: Date?
    public var consecutiveFailures: Int
    public var nextFetchAt: Date?
    public var disabledReason: String?
    public var itemCount: Int

    public init(
        id: Int64, source: Source, fetchURL: String, etag: String? = nil, lastModified: String? = nil,
        lastStatus: Int? = nil, lastError: String? = nil, lastFetchedAt: Date? = nil,
        lastSuccessAt: Date? = nil, consecutiveFailures: Int = 0, nextFetchAt: Date? = nil,
        disabledReason: String? = nil, itemCount: Int = 0
    ) {
        self.id = id
        self.source = source
        self.fetchURL = fetchURL
        self.etag = etag
        self.lastModified = lastModified
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.lastFetchedAt = lastFetchedAt
        self.lastSuccessAt = lastSuccessAt
        self.consecutiveFailures = consecutiveFailures
        self.nextFetchAt = nextFetchAt
        self.disabledReason = disabledReason
        self.itemCount = itemCount
    }

    /// Whether a run at `now` should fetch it (enabled and not backing off).
    public func isDue(at now: Date) -> Bool {
        source.isEnabled && disabledReason == nil && (nextFetchAt.map { $0 <= now } ?? true)
    }
}
