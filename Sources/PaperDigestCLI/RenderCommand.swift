import ArgumentParser
import Foundation
import PaperDigest

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Publish the static site and the output feeds from the database into the output folder.")

    @OptionGroup var options: SiteOptions

    @Option(help: "The render time, ISO 8601 (default: now). Sets \"today\" and relative dates.")
    var now: String?

    func run() throws {
        let now = try parseNow(self.now)
        try reportingErrors {
            let settings = try options.settings()
            let database = try AppDatabase.open(path: settings.resolve(settings.databasePath))
            let report = try SiteRenderer(settings: settings, database: database).render(now: now)
            print("render: \(report.pages) pages, \(report.files) files (\(report.written) written, \(report.unchanged + report.reused) unchanged) in \(String(format: "%.2f", report.duration)) s → \(report.outputPath)")
        }
    }
}
