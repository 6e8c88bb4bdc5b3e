import ArgumentParser
import Foundation
import PaperDigest

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the heads from Data/labels.jsonl and the database's labels; write Data/heads.json.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Embed every labelled text again instead of using the embedding cache.")
    var noCache = false

    @Option(help: "Encoder worker threads.")
    var threads = 2

    func run() async throws {
        let workspace = try global.workspace()
        let embedder = try workspace.embedder(threads: threads)
        let progress = ProgressLine()
        let report = try workspace.train(embedder: embedder, useCache: !noCache, progress: progress.update)
        progress.finish()
        print(report.summary)
    }
}
