import Foundation

/// Measures FeedParser's throughput on one document, for `paperdigest bench parse`.
public struct ParseBenchmark: Sendable {
    /// What one measurement found.
    public struct Report: Sendable, CustomStringConvertible {
        public var bytes: Int
        public var entries: Int
        public var warnings: Int
        /// The best wall-clock time of the runs, in seconds.
        public var bestSeconds: Double
        public var medianSeconds: Double
        public var runs: Int

        public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / bestSeconds }

        public var description: String {
            String(
                format: "paperdigest: %.1f MB, %d entries, %d warnings, best %.3f s, median %.3f s over %d runs: %.1f MB/s",
                Double(bytes) / 1_000_000, entries, warnings, bestSeconds, medianSeconds, runs, megabytesPerSecond)
        }
    }

    public var parser: FeedParser
    public var runs: Int

    public init(parser: FeedParser = FeedParser(maximumSize: 1 << 30), runs: Int = 5) {
        self.parser = parser
        self.runs = max(1, runs)
    }

    /// Parses `data` `runs` times and reports the best and median times.
    /// - Parameters:
    ///   - data: the document.
    ///   - clock: returns a monotonic time in seconds (injected so tests need no real clock).
    public func measure(_ data: Data, clock: () -> Double = ParseBenchmark.monotonicSeconds) throws -> Report {
        var times: [Double] = []
        var last: ParsedFeed?
        for _ in 0..<runs {
            let start = clock()
            last = try parser.parse(data)
            times.append(clock() - start)
        }
        times.sort()
        return Report(
            bytes: data.count, entries: last?.entries.count ?? 0, warnings: last?.warnings.count ?? 0,
            bestSeconds: times[0], medianSeconds: times[times.count / 2], runs: runs)
    }

    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
