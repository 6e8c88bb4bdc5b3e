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
        /// The best CPU time of the runs (user + system), in seconds: steadier than wall time
        /// on a busy machine.
        public var bestCPUSeconds: Double
        public var runs: Int

        public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / bestSeconds }
        public var megabytesPerCPUSecond: Double { Double(bytes) / 1_000_000 / bestCPUSeconds }

        public var description: String {
            String(
                format: "paperdigest: %.1f MB, %d entries, %d warnings, best %.3f s wall (median %.3f s), %.3f s CPU over %d runs: %.1f MB/s wall, %.1f MB/s CPU",
                Double(bytes) / 1_000_000, entries, warnings, bestSeconds, medianSeconds, bestCPUSeconds, runs,
                megabytesPerSecond, megabytesPerCPUSecond)
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
    ///   - cpuClock: returns the process's CPU time in seconds.
    public func measure(
        _ data: Data, clock: () -> Double = ParseBenchmark.monotonicSeconds,
        cpuClock: () -> Double = ParseBenchmark.processCPUSeconds
    ) throws -> Report {
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var last: ParsedFeed?
        for _ in 0..<runs {
            last = nil  // free the previous result outside the timed part
            let start = clock()
            let cpuStart = cpuClock()
            last = try parser.parse(data)
            cpuTimes.append(cpuClock() - cpuStart)
            times.append(clock() - start)
        }
        times.sort()
        return Report(
            bytes: data.count, entries: last?.entries.count ?? 0, warnings: last?.warnings.count ?? 0,
            bestSeconds: times[0], medianSeconds: times[times.count / 2], bestCPUSeconds: cpuTimes.min() ?? 0, runs: runs)
    }

    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    public static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
