import ArgumentParser
import Foundation
import PaperDigest

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The nightly job: fetch → parse → store → classify → render.",
        discussion: """
            On a terminal each step shows as [i/5] with progress; in a log (cron) only a summary \
            is printed. Exit status 0 all good, 3 some sources failed, 1 a step failed.
            """)

    @OptionGroup var site: SiteOptions
    @OptionGroup var fetch: FetchOptions

    @Option(help: "Encoder worker threads.")
    var threads = 2

    func run() async throws {
        let workspace = try site.workspace(label: "paperdigest")
        let lock = try workspace.lock(command: "paperdigest run")
        defer { withExtendedLifetime(lock) {} }
        let display = StepDisplay(total: 5, quiet: true)
        var failures: [String] = []

        let ingest = try await fetch.ingest(workspace, display: display)

        display.begin(4, "classify")
        var classified = 0
        do {
            let classifier = try workspace.classifier(threads: threads)
            let report = try ClassifyStep.run(
                database: try workspace.openDatabase(), classifier: classifier, now: Date(),
                progress: { done, total in display.progress("\(done)/\(total) items") })
            classified = report.classified
            display.end("\(report.classified) items read (\(report.embedded) embedded) by heads \(report.headsVersion)")
        } catch {
            failures.append("classify: \(error)")
            display.end("failed")
        }

        display.begin(5, "render")
        var rendered = "not rendered"
        do {
            let database = try workspace.openDatabase()
            let report = try SiteRenderer(settings: workspace.settings, database: database, logger: workspace.logger)
                .render(now: Date())
            rendered = "\(report.pages) pages (\(report.written) files written)"
            display.end("\(rendered) → \(report.outputPath)")
        } catch {
            failures.append("render: \(error)")
            display.end("failed")
        }

        print("paperdigest run: \(ingest.sources.count) sources (\(ingest.count(.fetched)) fetched, "
            + "\(ingest.count(.notModified)) not modified, \(ingest.failed.count) failed); "
            + "\(ingest.counts.new) new and \(ingest.counts.updated) updated items; \(classified) classified; \(rendered)")
        for failure in failures { printError("paperdigest: \(failure)") }
        if !failures.isEmpty { throw ExitCode(1) }
        if !ingest.failed.isEmpty { throw ExitCode(3) }
    }
}
