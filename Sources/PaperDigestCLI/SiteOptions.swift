import ArgumentParser
import Foundation
import PaperDigest

/// Options shared by the commands that read settings: where they are, and overrides.
struct SiteOptions: ParsableArguments {
    @Option(help: "The settings file (default: paperdigest.yml in the current folder, when there is one).")
    var config: String?

    @Option(help: "The database file (overrides the settings).")
    var database: String?

    @Option(help: "The folder the site is written to (overrides the settings).")
    var output: String?

    @Option(help: "The templates folder (overrides the settings).")
    var templates: String?

    @Option(help: "The site's public address for feeds and the sitemap (overrides the settings).")
    var baseURL: String?

    func settings() throws -> Settings {
        var settings = try config.map { try Settings.load(path: $0) }
            ?? Settings.discover(in: FileManager.default.currentDirectoryPath)
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
        if let database { settings.databasePath = absolute(database) }
        if let output { settings.outputPath = absolute(output) }
        if let templates { settings.templatesPath = absolute(templates) }
        if let baseURL { settings.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
        return settings
    }
}

/// Parses `--now`: ISO 8601 with time (`2026-02-10T08:00:00Z`) or a day (`2026-02-10`).
func parseNow(_ text: String?) throws -> Date {
    guard let text else { return Date() }
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withFullDate]
    if let date = formatter.date(from: text) { return date }
    throw ValidationError("--now must be ISO 8601, like 2026-02-10 or 2026-02-10T08:00:00Z")
}

/// Runs `body`, turning a PaperDigest error into one line on stderr and exit status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PaperDigestError {
        FileHandle.standardError.write(Data("paperdigest: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}
