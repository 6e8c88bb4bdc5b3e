import ArgumentParser
import Foundation
import PaperDigest

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the heads from Data/labels.jsonl and the database's labels; write Data/heads.json.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var heads: HeadsOptions

    func run() async throws {
        let workspace = try global.workspace()
        let embedder = try workspace.embedder(threads: heads.threads)
        let progress = ProgressLine()
        let report = try workspace.train(
            embedder: embedder, hyperparameters: heads.hyperparameters, useCache: !heads.noCache, progress: progress.update)
        progress.finish()
        print(report.summary)
    }
}
