import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Measures steps 2–3 on one feed file: parse it and store every entry into a fresh
/// database file, as one source would be stored by a nightly run.
public struct IngestBenchmark: Sendable {
    public struct Report: Sendable, CustomStringConvertible {
        public var bytes: Int
        public var items: Int
        public var parseSeconds: Double
        public var storeSeconds: Double
        /// Peak resident memory of the process, bytes.
        public var peakMemory: Int
        public var databaseBytes: Int

        public var itemsPerSecond: Double { Double(items) / (parseSeconds + storeSeconds) }

        public var description: String {
            let mb = Double(bytes) / 1_000_000
            return String(
                format: "ingest: %d items from %.1f MB: parse %.2f s, store %.2f s, %.0f items/s; peak memory %.0f MiB; database %.1f MB",
                items, mb, parseSeconds, storeSeconds, itemsPerSecond, Double(peakMemory) / 1_048_576,
                Double(databaseBytes) / 1_000_000)
        }
    }

    public init() {}

    /// Parses `data` and stores its entries into a new database in `folder`.
    public func measure(_ data: Data, folder: URL, now: Date = Date()) throws -> Report {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("bench-\(getpid()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let database = try AppDatabase.open(path: path)
        let source = Source(url: "https://rss.arxiv.org/rss/cs.LG+cs.AI+cs.CL", title: "arXiv", kind: .arxiv)
        try database.syncSources([source], now: now)
        let sourceID = try database.sourceStates()[0].id

        let parseStart = DispatchTime.now()
        let feed = try FeedParser(maximumSize: max(data.count, 50 << 20)).parse(data, url: source.url)
        let drafts = feed.entries.compactMap { ItemDraft(entry: $0, plainText: HTMLText.plainText) }
        let parsed = DispatchTime.now()
        let counts = try database.saveFetch(
            FetchRecord(outcome: .ok, startedAt: now, httpStatus: 200, bytes: data.count), entries: drafts,
            sourceID: sourceID, now: now)
        let stored = DispatchTime.now()
        try database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Report(
            bytes: data.count, items: counts.new + counts.updated + counts.unchanged,
            parseSeconds: Double(parsed.uptimeNanoseconds - parseStart.uptimeNanoseconds) / 1e9,
            storeSeconds: Double(stored.uptimeNanoseconds - parsed.uptimeNanoseconds) / 1e9,
            peakMemory: Int(usage.ru_maxrss) * 1024, databaseBytes: size)
    }
}
