import Foundation
import Testing
@testable import PaperDigest
#if canImport(Glibc)
import Glibc
#endif

/// Waiting on a slow server must sleep, not spin: the transfer thread polls with
/// `curl_multi_poll`, and no Swift task loops while it waits.
@Suite(.serialized) struct WaitingCostTests {
    @Test func waitingOnAStalledServerBurnsNoCPU() async throws {
        let server = try LocalHTTPServer()
        // The server stays silent until stopped, so the transfer is surely still waiting when
        // measured, however late this task is scheduled.
        server.route("/stall", .noAnswer(for: 60))
        let client = HTTPClient.live(HTTPClient.Configuration(deadline: 20))
        let url = server.url("/stall")

        let wallStart = Date()
        let cpuStart = WaitingCostTests.processCPUSeconds()
        let task = Task { try? await client.get(url) }
        try await Task.sleep(nanoseconds: 2_000_000_000)
        let transferCPU = WaitingCostTests.cpuSecondsOfThreads(named: "pd-transfer")
        let processCPU = WaitingCostTests.processCPUSeconds() - cpuStart
        let wall = Date().timeIntervalSince(wallStart)
        server.stop()
        _ = await task.value

        #if os(Linux)
        // The transfer thread itself: a busy wait shows most of the 2 s here.
        let threadCPU = try #require(transferCPU, "no thread named pd-transfer in /proc/self/task")
        #expect(threadCPU < 0.1, "transfer thread used \(threadCPU) s of CPU in \(wall) s")
        #endif
        // The whole process: a task spinning while it waits costs a full core (≥ 1 CPU-second
        // per second); waiting idle costs a few percent. The margin leaves room for other
        // suites running in parallel in the same process.
        #expect(processCPU / wall < 0.5, "process used \(processCPU) s of CPU in \(wall) s")
    }

    /// User + system CPU time of this process (getrusage).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// CPU seconds of the live threads with this name, from `/proc/self/task` (Linux); nil
    /// when none is found.
    static func cpuSecondsOfThreads(named name: String) -> Double? {
        let tasks = "/proc/self/task"
        guard let ids = try? FileManager.default.contentsOfDirectory(atPath: tasks) else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        var found = false
        for id in ids {
            guard let comm = try? String(contentsOfFile: "\(tasks)/\(id)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == name,
                  let stat = try? String(contentsOfFile: "\(tasks)/\(id)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            // Fields after "(comm)": state is field 3, utime 14, stime 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            total += (user + system) / ticksPerSecond
            found = true
        }
        return found ? total : nil
    }
}
