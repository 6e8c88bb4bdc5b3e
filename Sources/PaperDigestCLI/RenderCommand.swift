import ArgumentParser
import Foundation
import PaperDigest

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Publish the static site and the output feeds from the database into the output folder.")

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("The render time, ISO 8601 (default: now). Sets \"today\" and relative dates.", valueName: "time"))
    var now: String?

    func run() throws {
        let now = try parseNow(self.now)
        let workspace = try options.workspace()
        let database = try workspace.openDatabase()
        let report = try SiteRenderer(settings: workspace.settings, database: database, logger: workspace.logger).render(now: now)
        print("render: \(report.pages) pages, \(report.files) files (\(report.written) written, \(report.unchanged + report.reused) unchanged) in \(String(format: "%.2f", report.duration)) s → \(report.outputPath)")
    }
}
