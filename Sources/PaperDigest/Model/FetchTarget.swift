import Foundation

/// One source to fetch, with what the database remembers about it.
public struct FetchTarget: Sendable, Hashable, Codable {
    /// The stored feed URL; `FetchOutcome.target.url` echoes it so results can be matched.
    public var url: String
    /// Validators from the last successful fetch, sent as `If-None-Match` / `If-Modified-Since`.
    public var validators: HTTPValidators
    /// Minimum seconds between two requests to this host; `nil` uses the fetcher's default
    /// (3 s for arXiv hosts).
    public var politenessDelay: Double?
    /// Health as stored: failures in a row and the earliest next fetch time.
    public var health: SourceHealth

    public init(
        url: String, validators: HTTPValidators = .empty, politenessDelay: Double? = nil,
        health: SourceHealth = .healthy
    ) {
        self.url = url
        self.validators = validators
        self.politenessDelay = politenessDelay
        self.health = health
    }

    /// A target for a configured source, with what storage remembers about it.
    public init(source: Source, validators: HTTPValidators = .empty, health: SourceHealth = .healthy) {
        self.init(url: source.url, validators: validators, politenessDelay: source.politenessDelay, health: health)
    }
}
