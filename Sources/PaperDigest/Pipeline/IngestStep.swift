import Foundation
import Logging

/// Steps 1–3 of the nightly run: fetch every due source, parse what came, store it.
///
/// Each source goes through all three as soon as its fetch ends, and is stored in one
/// transaction with its fetch record, so a run killed at any moment loses at most the
/// sources it had not finished (they are fetched again next time). One failing source never
/// stops the others.
public struct IngestStep: Sendable {
    public var database: AppDatabase
    public var fetcher: Fetcher
    public var parser: FeedParser
    public var logger: Logger

    public init(database: AppDatabase, fetcher: Fetcher, parser: FeedParser = FeedParser(), logger: Logger) {
        self.database = database
        self.fetcher = fetcher
        self.parser = parser
        self.logger = logger
    }

    /// What happened to one source in this run.
    public struct SourceReport: Sendable, Hashable {
        public enum Result: String, Sendable, Hashable {
            case fetched, notModified = "not modified", failed, skipped
        }
        public var title: String
        public var url: String
        public var result: Result
        public var counts: SaveCounts
        public var entries: Int
        /// Why it failed, or until when it is skipped.
        public var reason: String?
        /// Problems the parser recovered from.
        public var warnings: [String]
    }

    /// The whole step's outcome.
    public struct Report: Sendable {
        public var sources: [SourceReport] = []
        public var counts: SaveCounts { sources.reduce(SaveCounts()) { $0 + $1.counts } }
        public var entries: Int { sources.reduce(0) { $0 + $1.entries } }
        public func count(_ result: SourceReport.Result) -> Int { sources.filter { $0.result == result }.count }
        public var failed: [SourceReport] { sources.filter { $0.result == .failed } }
    }

    /// Progress, for a terminal display.
    public enum Event: Sendable {
        case started(sources: Int)
        case finished(SourceReport, done: Int, total: Int)
    }

    /// Ingests the configured sources.
    ///
    /// - Parameters:
    ///   - sources: the followed sources (from `sources.opml`); the database follows this list.
    ///   - now: the run's time: what "due" means and what first / last seen record.
    ///   - force: fetch sources that are backing off too.
    ///   - only: fetch just the sources with these slugs or URLs.
    public func run(
        sources: [Source], now: Date, force: Bool = false, only: Set<String> = [],
        progress: @Sendable (Event) -> Void = { _ in }
    ) async throws -> Report {
        try database.syncSources(sources, now: now)
        var states = try database.sourceStates().filter { $0.source.isEnabled && $0.disabledReason == nil }
        if !only.isEmpty {
            states = states.filter { only.contains($0.source.slug) || only.contains($0.source.url) }
        }
        var byURL: [String: SourceState] = [:]
        var targets: [FetchTarget] = []
        for state in states where byURL[state.fetchURL] == nil {
            byURL[state.fetchURL] = state
            targets.append(FetchTarget(
                url: state.fetchURL,
                validators: HTTPValidators(etag: state.etag, lastModified: state.lastModified),
                politenessDelay: state.source.politenessDelay,
                health: SourceHealth(
                    consecutiveFailures: state.consecutiveFailures, nextFetchAt: state.nextFetchAt,
                    disabledReason: state.disabledReason)))
        }
        progress(.started(sources: targets.count))
        var report = Report()
        for await outcome in fetcher.outcomes(for: targets, now: now, force: force) {
            guard let state = byURL[outcome.target.url] else { continue }
            let sourceReport = try store(outcome, for: state, now: now)
            report.sources.append(sourceReport)
            progress(.finished(sourceReport, done: report.sources.count, total: targets.count))
        }
        return report
    }

    /// Parses and stores one fetch outcome; returns what happened.
    func store(_ outcome: FetchOutcome, for state: SourceState, now: Date) throws -> SourceReport {
        var report = SourceReport(
            title: state.source.title, url: state.fetchURL, result: .failed, counts: SaveCounts(), entries: 0,
            reason: nil, warnings: [])
        var record = FetchRecord(
            outcome: .failed, startedAt: outcome.startedAt, duration: outcome.elapsed, httpStatus: outcome.httpStatus,
            bytes: outcome.bytes, permanentURL: outcome.permanentRedirect)
        var drafts: [ItemDraft] = []
        switch outcome.status {
        case .skipped(let until):
            report.result = .skipped
            report.reason = "backing off until \(ISO8601DateFormatter().string(from: until))"
                + (state.lastError.map { " after: \($0)" } ?? "")
            return report
        case .notModified:
            record.outcome = .notModified
            report.result = .notModified
        case .failed(let reason):
            record.outcome = .failed
            record.error = reason
            record.nextFetchAt = outcome.health.nextFetchAt
            record.disableReason = outcome.health.disabledReason
            report.reason = reason
        case .ok(let document):
            do {
                let feed = try parser.parse(document.body, url: document.url, contentType: document.contentType)
                drafts = feed.entries.compactMap { ItemDraft(entry: $0, plainText: HTMLText.plainText) }
                record.outcome = .ok
                record.etag = outcome.validators?.etag ?? state.etag
                record.lastModified = outcome.validators?.lastModified ?? state.lastModified
                record.error = feed.warnings.isEmpty ? nil : feed.warnings.prefix(3).joined(separator: "; ")
                report.result = .fetched
                report.entries = feed.entries.count
                report.warnings = feed.warnings
            } catch {
                // The body came but is no feed: a failure like any other, with backoff.
                let health = fetcher.configuration.health.afterFailure(
                    SourceHealth(consecutiveFailures: state.consecutiveFailures), httpStatus: outcome.httpStatus, now: now)
                let reason = (error as? PaperDigestError)?.reason ?? String(describing: error)
                record.outcome = .failed
                record.error = reason
                record.nextFetchAt = health.nextFetchAt
                report.reason = reason
            }
        }
        report.counts = try database.saveFetch(record, entries: drafts, sourceID: state.id, now: now)
        logger.debug("stored \(state.source.title): \(report.result.rawValue), \(report.counts.new) new, \(report.counts.updated) updated")
        return report
    }
}
