import ArgumentParser
import Foundation
import PaperDigest

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch, parse and store every due source (steps 1–3 of the nightly run).",
        discussion: "Exit status 3 when some sources failed; the others are stored all the same.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var fetch: FetchOptions

    func run() async throws {
        let workspace = try global.workspace()
        let lock = try workspace.lock(command: "paperdigest fetch")
        let report = try await fetch.ingest(workspace, display: StepDisplay(total: 3))
        withExtendedLifetime(lock) {}
        if !report.failed.isEmpty { throw ExitCode(3) }
    }
}

/// Options of the fetch step, shared by `fetch` and `run`.
struct FetchOptions: ParsableArguments {
    @Flag(help: "Fetch sources that are backing off after failures too.")
    var force = false

    @Option(name: .customLong("source"), help: ArgumentHelp("Fetch only this source (slug or URL); repeatable.", valueName: "slug"))
    var only: [String] = []

    func ingest(_ workspace: Workspace, display: StepDisplay) async throws -> IngestStep.Report {
        let settings = workspace.settings
        let sources = try workspace.sourceList().sources
        let database = try workspace.openDatabase()
        let fetcher = Fetcher(
            client: .live(HTTPClient.Configuration(deadline: settings.fetch.timeout, maxBodyBytes: settings.fetch.maxBodyBytes)),
            configuration: Fetcher.Configuration(
                maxConcurrentHosts: settings.fetch.concurrency, defaultPolitenessDelay: settings.fetch.politeness),
            logger: workspace.logger)
        let step = IngestStep(database: database, fetcher: fetcher, logger: workspace.logger)
        display.begin(1, "fetch")
        let report = try await step.run(sources: sources, now: Date(), force: force, only: Set(only)) { event in
            switch event {
            case .started(let total): display.progress("0/\(total) sources")
            case .finished(let source, let done, let total):
                display.progress("\(done)/\(total) sources · last: \(source.title) (\(source.result.rawValue))")
            }
        }
        display.end(
            "\(report.count(.fetched)) fetched, \(report.count(.notModified)) not modified, "
                + "\(report.failed.count) failed, \(report.count(.skipped)) backing off")
        display.begin(2, "parse")
        let warned = report.sources.filter { !$0.warnings.isEmpty }
        display.end("\(report.entries) entries from \(report.count(.fetched)) feeds"
            + (warned.isEmpty ? "" : ", \(warned.count) with warnings"))
        display.begin(3, "store")
        display.end("\(report.counts.new) new, \(report.counts.updated) updated, \(report.counts.unchanged) unchanged")
        for source in report.sources where source.result == .failed {
            display.note("failed: \(source.title) <\(source.url)>: \(source.reason ?? "unknown error")")
        }
        for source in warned {
            display.note("warning: \(source.title): \(source.warnings.prefix(2).joined(separator: "; "))")
        }
        for source in report.sources where source.result == .skipped {
            display.note("skipped: \(source.title): \(source.reason ?? "")")
        }
        return report
    }
}
