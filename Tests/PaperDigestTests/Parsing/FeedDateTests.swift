import Foundation
import Testing
@testable import PaperDigest

@Suite struct FeedDateTests {
    struct Outcome {
        var input: String
        var passed: Bool
        var got: String
        var expected: String
    }

    static func runCases() throws -> [Outcome] {
        let data = try Data(contentsOf: SharedFiles.conformance.appendingPathComponent("dates.json"))
        let cases = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return cases.map { c in
            let input = c["input"] as? String ?? ""
            let expect = c["expect"] as? [String: Any] ?? [:]
            let parsed = FeedDate.parse(input)
            let got = parsed.map(ISO8601UTC.string) ?? "nil"
            if let utc = expect["utc"] as? String {
                return Outcome(input: input, passed: got == utc, got: got, expected: utc)
            }
            let shouldParse = expect["parses"] as? Bool ?? false
            return Outcome(input: input, passed: (parsed != nil) == shouldParse, got: got, expected: shouldParse ? "parses" : "nil")
        }
    }

    @Test func parsesTheSharedDateCases() throws {
        let outcomes = try Self.runCases()
        let pass = outcomes.filter(\.passed).count
        print("dates: \(pass)/\(outcomes.count)")
        #expect(outcomes.count > 150)
        #expect(Double(pass) >= 0.95 * Double(outcomes.count))
        let failing = outcomes.filter { !$0.passed }
        for f in failing { print("FAIL date \(f.input.debugDescription): got \(f.got) expected \(f.expected)") }
        let known = SharedFiles.knownFailures(section: "dates")
        for f in failing where known[f.input] == nil {
            Issue.record("date \(f.input.debugDescription) fails but is not listed in ConformanceKnownFailures.md")
        }
        let failingInputs = Set(failing.map(\.input))
        for (input, _) in known where !failingInputs.contains(input) {
            Issue.record("date \(input.debugDescription) is listed in ConformanceKnownFailures.md but passes now")
        }
    }

    @Test func readsRFC822WithNamedZones() {
        #expect(FeedDate.parse("Thu, 24 Sep 2026 00:00:00 -0400").map(ISO8601UTC.string) == "2026-09-24T04:00:00Z")
        #expect(FeedDate.parse("Mon, 02 Jan 2006 15:04:05 PST").map(ISO8601UTC.string) == "2006-01-02T23:04:05Z")
        #expect(FeedDate.parse("Thu, 01 Jan 04 19:48:21 GMT").map(ISO8601UTC.string) == "2004-01-01T19:48:21Z")
    }

    @Test func readsW3CDTFWithReducedPrecision() {
        #expect(FeedDate.parse("2003-12").map(ISO8601UTC.string) == "2003-12-01T00:00:00Z")
        #expect(FeedDate.parse("2007-04-23T23:25:47.538+10:00").map(ISO8601UTC.string) == "2007-04-23T13:25:47Z")
    }

    @Test func refusesImpossibleDates() {
        #expect(FeedDate.parse("2003-12-31T25:14:55Z") == nil)
        #expect(FeedDate.parse("Sun, 99 Jun 2009 12:00:00 GMT") == nil)
        #expect(FeedDate.parse("invalid") == nil)
    }
}
