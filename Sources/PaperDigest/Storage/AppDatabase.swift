import Foundation
import GRDB

/// The database of PaperDigest: sources, fetch attempts, items and what was read of them.
///
/// One value owns the connection; every method says what it does for the pipeline
/// (`saveFetch(_:entries:…)`, `itemsNeedingClassification(model:)`). The schema is made by
/// migrations that are never edited once shipped.
public struct AppDatabase: Sendable {
    /// The connection: a `DatabasePool` (WAL) for files, a `DatabaseQueue` in memory for tests.
    public let writer: any DatabaseWriter

    /// Opens or creates the database and brings its schema up to date.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens the database file at `path` in WAL mode, creating it and its folder if needed.
    ///
    /// - Throws: `PaperDigestError` naming the path when the file cannot be opened or is not
    ///   a PaperDigest database.
    public static func open(path: String) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            return try AppDatabase(pool)
        } catch let error as PaperDigestError {
            throw error
        } catch {
            throw PaperDigestError(.store, "cannot open the database", at: path, underlying: error)
        }
    }

    /// An empty database in memory, for tests and one-off commands.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue())
    }
}
