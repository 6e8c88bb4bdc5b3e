import ArgumentParser
import Foundation
import PaperDigest

struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Read the items not yet classified by the current heads: tags, sentiment, score, summary, entities.",
        discussion: """
            With --stdin, classify JSON Lines {"title", "abstract"} (or "summary") from standard input \
            instead, one JSON object out per line, without touching the database.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Classify JSON Lines from standard input instead of the database.")
    var stdin = false

    @Option(help: "Most items to classify in this run.")
    var limit: Int?

    @Option(help: "Encoder worker threads.")
    var threads = 2

    func run() async throws {
        let workspace = try global.workspace()
        let classifier = try workspace.classifier(threads: threads)
        if stdin {
            try JSONLines.classify(readLine: { readLine() }, write: { print($0) }, classifier: classifier)
            return
        }
        let progress = ProgressLine()
        let report = try ClassifyStep.run(
            database: try workspace.openDatabase(), classifier: classifier, now: Date(), limit: limit,
            progress: { progress.update("classify", $0, $1) })
        progress.finish()
        print(report.summary)
    }
}
