import Foundation
import Logging

/// Where one invocation works: its settings and the files they name.
///
/// The executable builds one from its options; every command reaches the database, the
/// sources file and the lock through it, so paths are resolved in one place.
public struct Workspace: Sendable {
    public var settings: Settings
    public var logger: Logger

    public init(settings: Settings, logger: Logger = Logger(label: "paperdigest")) {
        self.settings = settings
        self.logger = logger
    }

    /// Settings from `configPath`, or from `paperdigest.yml` in the current folder when it
    /// exists, else the defaults; `databasePath` and `modelPath` override the settings' database and
    /// encoder folder.
    public static func load(
        configPath: String?, databasePath: String?, modelPath: String? = nil, logger: Logger
    ) throws -> Workspace {
        var settings: Settings
        if let configPath {
            settings = try Settings.load(path: configPath)
        } else {
            settings = try Settings.discover(in: FileManager.default.currentDirectoryPath)
        }
        if let databasePath {
            settings.databasePath = URL(fileURLWithPath: databasePath).standardizedFileURL.path
        }
        if let modelPath {
            settings.modelPath = URL(fileURLWithPath: modelPath).standardizedFileURL.path
        }
        return Workspace(settings: settings, logger: logger)
    }

    public var databasePath: String { settings.resolve(settings.databasePath) }
    public var sourcesPath: String { settings.resolve(settings.sourcesPath) }

    public func openDatabase() throws -> AppDatabase {
        try AppDatabase.open(path: databasePath)
    }

    /// Takes the run lock beside the database.
    public func lock(command: String, now: Date = Date()) throws -> RunLock {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: databasePath).deletingLastPathComponent(), withIntermediateDirectories: true)
        return try RunLock(path: databasePath + ".lock", command: command, now: now)
    }

    public func sourceList() throws -> SourceList {
        try SourceList.read(from: sourcesPath)
    }
}
