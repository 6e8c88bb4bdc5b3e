import Foundation
import Testing
@testable import PaperDigest

@Suite struct HealthPolicyTests {
    let policy = HealthPolicy()
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func backoffDoublesFromOneHourAndStopsAtADay() {
        #expect(policy.backoff(consecutiveFailures: 0) == 0)
        #expect(policy.backoff(consecutiveFailures: 1) == 3600)
        #expect(policy.backoff(consecutiveFailures: 2) == 7200)
        #expect(policy.backoff(consecutiveFailures: 5) == 16 * 3600)
        #expect(policy.backoff(consecutiveFailures: 6) == 86_400)
        #expect(policy.backoff(consecutiveFailures: 1000) == 86_400)
    }

    @Test func failureCountsAndSchedulesTheNextFetch() {
        let health = policy.afterFailure(SourceHealth(consecutiveFailures: 1), httpStatus: 500, now: now)
        #expect(health == SourceHealth(consecutiveFailures: 2, nextFetchAt: now.addingTimeInterval(7200)))
        let noResponse = policy.afterFailure(.healthy, httpStatus: nil, now: now)
        #expect(noResponse == SourceHealth(consecutiveFailures: 1, nextFetchAt: now.addingTimeInterval(3600)))
    }

    @Test func successClearsFailures() {
        #expect(policy.afterSuccess() == .healthy)
    }

    @Test func goneDisablesTheSource() {
        let health = policy.afterFailure(.healthy, httpStatus: 410, now: now)
        #expect(health.disabledReason?.hasPrefix("HTTP 410 Gone") == true)
        #expect(health.nextFetchAt == nil)
    }

    @Test func retryAfterSecondsIsHonouredOn429And503() {
        let limited = policy.afterFailure(.healthy, httpStatus: 429, retryAfter: "120", now: now)
        #expect(limited == SourceHealth(consecutiveFailures: 1, nextFetchAt: now.addingTimeInterval(120)))
        let busy = policy.afterFailure(.healthy, httpStatus: 503, retryAfter: " 7200 ", now: now)
        #expect(busy.nextFetchAt == now.addingTimeInterval(7200))
    }

    @Test func retryAfterDateIsHonoured() throws {
        let date = "Wed, 18 Nov 2026 12:00:00 GMT"
        let expected = try #require(HealthPolicy.httpDate(date))
        let health = policy.afterFailure(.healthy, httpStatus: 503, retryAfter: date, now: expected.addingTimeInterval(-600))
        #expect(health.nextFetchAt == expected)
    }

    @Test func retryAfterIsIgnoredOnOtherStatuses() {
        let health = policy.afterFailure(.healthy, httpStatus: 500, retryAfter: "60", now: now)
        #expect(health.nextFetchAt == now.addingTimeInterval(3600))
    }

    @Test func unreadableRetryAfterFallsBackToBackoff() {
        let health = policy.afterFailure(SourceHealth(consecutiveFailures: 2), httpStatus: 429, retryAfter: "soon", now: now)
        #expect(health.nextFetchAt == now.addingTimeInterval(4 * 3600))
    }

    @Test func retryAfterIsCappedAndNeverInThePast() {
        let far = policy.afterFailure(.healthy, httpStatus: 429, retryAfter: "99999999", now: now)
        #expect(far.nextFetchAt == now.addingTimeInterval(7 * 86_400))
        let past = policy.afterFailure(.healthy, httpStatus: 503, retryAfter: "Thu, 01 Jan 2015 00:00:00 GMT", now: now)
        #expect(past.nextFetchAt == now)
    }

    @Test func parsesTheThreeHTTPDateForms() {
        let expected = Date(timeIntervalSince1970: 784_111_777)  // 1994-11-06 08:49:37 UTC
        #expect(HealthPolicy.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(HealthPolicy.httpDate("Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(HealthPolicy.httpDate("Sun Nov  6 08:49:37 1994") == expected)
        #expect(HealthPolicy.httpDate("next week") == nil)
        #expect(HealthPolicy.retryAfterDate("", now: now) == nil)
        #expect(HealthPolicy.retryAfterDate("-5", now: now) == nil)
        #expect(HealthPolicy.retryAfterDate("0", now: now) == now)
    }

    @Test func sourcesInBackoffAreNotDueUnlessForced() {
        let waiting = SourceHealth(consecutiveFailures: 1, nextFetchAt: now.addingTimeInterval(60))
        #expect(!policy.isDue(waiting, now: now))
        #expect(policy.isDue(waiting, now: now, force: true))
        #expect(policy.isDue(waiting, now: now.addingTimeInterval(60)))
        #expect(policy.isDue(.healthy, now: now))
    }
}
