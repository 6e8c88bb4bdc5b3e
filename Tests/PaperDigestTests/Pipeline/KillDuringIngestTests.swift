import Foundation
import GRDB
import Testing
@testable import PaperDigest

/// Kills an ingesting `paperdigest fetch` with SIGKILL at random moments; after each kill the
/// database is sound, and a final run ends with exactly the expected items.
@Suite(.serialized) struct KillDuringIngestTests {
    /// Writes an arXiv-shaped feed of `count` corpus records from `start`, and returns its ids.
    static func makeFeed(at url: URL, start: Int, count: Int) throws -> Set<String> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", SharedFiles.packageRoot.appendingPathComponent("Benchmarks/make_arxiv_rss.py").path,
            "--records", SharedFiles.corpus.appendingPathComponent("arxiv_records.jsonl").path,
            "--out", url.path, "--start", String(start), "--count", String(count),
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: url, encoding: .utf8)
        var ids = Set<String>()
        for line in text.split(separator: "\n") where line.contains("oai:arXiv.org:") {
            guard let start = line.range(of: "oai:arXiv.org:")?.upperBound, let end = line[start...].firstIndex(of: "<")
            else { continue }
            ids.insert(ItemKey.stripVersion(String(line[start..<end])).id)
        }
        return ids
    }

    @Test func killedRunsNeverCorruptOrDuplicate() async throws {
        let binary = BuiltExecutable.paperdigest
        try #require(FileManager.default.isExecutableFile(atPath: binary.path),
                     "build the executable first: swift build (looked for \(binary.path))")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // Three overlapping listings: papers in two feeds are cross-lists, one item each.
        let ranges = [(0, 400), (300, 400), (600, 400)]
        var perFeed: [Set<String>] = []
        for (n, range) in ranges.enumerated() {
            perFeed.append(try Self.makeFeed(at: folder.appendingPathComponent("feed\(n).xml"), start: range.0, count: range.1))
        }
        let expectedItems = perFeed.reduce(Set<String>()) { $0.union($1) }
        let expectedLinks = perFeed.reduce(0) { $0 + $1.count }

        let server = try LocalHTTPServer()
        defer { server.stop() }
        server.serveDirectory(folder, at: "/feeds/")
        var list = SourceList()
        for n in ranges.indices {
            list.add(Source(url: server.url("/feeds/feed\(n).xml"), title: "listing \(n)", kind: .arxiv, politenessDelay: 0))
        }
        try list.write(to: folder.appendingPathComponent("sources.opml").path)
        try "sources: sources.opml\ndatabase: pd.sqlite\n".write(
            to: folder.appendingPathComponent("paperdigest.yml"), atomically: true, encoding: .utf8)
        let databasePath = folder.appendingPathComponent("pd.sqlite").path

        func launch() throws -> Process {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["fetch", "--config", folder.appendingPathComponent("paperdigest.yml").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        // A first run stores everything; time a second one (what the killed runs redo) to
        // spread the kills across it.
        let first = try launch()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let clock = ContinuousClock()
        let second = try launch()
        let rerun = try await clock.measure { while second.isRunning { try await Task.sleep(for: .milliseconds(5)) } }
        let span = max(0.2, Double(rerun.components.seconds) + Double(rerun.components.attoseconds) / 1e18)
        try FileManager.default.removeItem(atPath: databasePath)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }

        var generator = SystemRandomNumberGenerator()
        var killedMidRun = 0
        for round in 0..<20 {
            let process = try launch()
            let delay = Double.random(in: 0.02...(span * 0.9), using: &generator)
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            if process.isRunning { killedMidRun += 1 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let database = try AppDatabase.open(path: databasePath)
            #expect(try database.integrityCheck() == "ok", "round \(round)")
            let (items, distinct) = try await database.writer.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT arxiv_id) FROM items") ?? 0)
            }
            #expect(items == distinct, "round \(round): duplicate papers")
            #expect(items <= expectedItems.count, "round \(round)")
        }
        #expect(killedMidRun >= 10, "most kills must land while the run is working (\(killedMidRun) of 20)")

        // A clean rerun ends with exactly the expected papers and source links.
        let last = try launch()
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        let database = try AppDatabase.open(path: databasePath)
        #expect(try database.integrityCheck() == "ok")
        let ids = try await database.writer.read { try Set(String.fetchAll($0, sql: "SELECT arxiv_id FROM items")) }
        #expect(ids == expectedItems)
        #expect(try database.value("SELECT COUNT(*) FROM items") == expectedItems.count)
        #expect(try database.value("SELECT COUNT(*) FROM item_sources") == expectedLinks)
    }
}
