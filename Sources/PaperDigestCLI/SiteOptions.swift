import ArgumentParser
import Foundation
import PaperDigest

/// The options of the commands that read or write the site: the global ones, and overrides
/// of where the site goes and what it is made from.
struct SiteOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The folder the site is written to (overrides the settings).", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("The templates folder (overrides the settings).", valueName: "path"))
    var templates: String?

    @Option(help: ArgumentHelp("The site's public address for feeds and the sitemap (overrides the settings).", valueName: "url"))
    var baseURL: String?

    func workspace(label: String = "paperdigest.render") throws -> Workspace {
        var workspace = try global.workspace(label: label)
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
        if let output { workspace.settings.outputPath = absolute(output) }
        if let templates { workspace.settings.templatesPath = absolute(templates) }
        if let baseURL { workspace.settings.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
        return workspace
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
