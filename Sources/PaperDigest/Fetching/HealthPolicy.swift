import Foundation

/// When a source may be fetched again, from how its fetches went. Pure: no clock, no I/O.
public struct HealthPolicy: Sendable, Hashable {
    /// Backoff after the first failure in a row; each further failure doubles it.
    public var backoffBase: Double
    /// The longest backoff.
    public var backoffCap: Double
    /// The longest `Retry-After` honoured (a server asking for a month gets this).
    public var retryAfterCap: Double

    public init(backoffBase: Double = 3600, backoffCap: Double = 86_400, retryAfterCap: Double = 7 * 86_400) {
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.retryAfterCap = retryAfterCap
    }

    /// Whether a source is due: its next fetch time is not in the future, or the run is forced.
    public func isDue(_ health: SourceHealth, now: Date, force: Bool = false) -> Bool {
        force || health.nextFetchAt.map { $0 <= now } ?? true
    }

    /// Seconds to wait after `consecutiveFailures` failures in a row (1 → base, 2 → 2×base…, capped).
    public func backoff(consecutiveFailures: Int) -> Double {
        guard consecutiveFailures > 0 else { return 0 }
        let doublings = min(consecutiveFailures - 1, 62)
        return min(backoffCap, backoffBase * pow(2, Double(doublings)))
    }

    /// Health after a success or a `304`: failures cleared, fetch any time.
    public func afterSuccess() -> SourceHealth {
        .healthy
    }

    /// Health after a failed fetch.
    ///
    /// `410 Gone` disables the source. `429` / `503` with a usable `Retry-After` wait as asked
    /// (capped); every other failure backs off exponentially with the failure count.
    /// - Parameters:
    ///   - previous: The health stored before this fetch.
    ///   - httpStatus: The response status, `nil` when no response arrived.
    ///   - retryAfter: The `Retry-After` header, verbatim.
    ///   - now: The time of the fetch.
    public func afterFailure(
        _ previous: SourceHealth, httpStatus: Int?, retryAfter: String? = nil, now: Date
    ) -> SourceHealth {
        let failures = previous.consecutiveFailures + 1
        if httpStatus == 410 {
            return SourceHealth(
                consecutiveFailures: failures, nextFetchAt: nil,
                disabledReason: "HTTP 410 Gone: the server says this feed was removed for good; source disabled")
        }
        if httpStatus == 429 || httpStatus == 503, let retryAfter,
           let date = HealthPolicy.retryAfterDate(retryAfter, now: now)
        {
            let wait = min(max(0, date.timeIntervalSince(now)), retryAfterCap)
            return SourceHealth(consecutiveFailures: failures, nextFetchAt: now.addingTimeInterval(wait))
        }
        return SourceHealth(
            consecutiveFailures: failures,
            nextFetchAt: now.addingTimeInterval(backoff(consecutiveFailures: failures)))
    }

    /// The time a `Retry-After` value names: delay seconds (`120`) or an HTTP-date
    /// (`Wed, 21 Oct 2015 07:28:00 GMT`, RFC 850 and asctime forms too); `nil` if unreadable.
    public static func retryAfterDate(_ value: String, now: Date) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) {
            return Int(trimmed).map { now.addingTimeInterval(Double($0)) } ?? .distantFuture
        }
        return httpDate(trimmed)
    }

    /// Parses an HTTP-date (IMF-fixdate, RFC 850, asctime) with the feeds' date parser.
    public static func httpDate(_ value: String) -> Date? {
        FeedDate.parse(value)
    }
}
