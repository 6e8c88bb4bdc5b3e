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

    @Option(help: "L2 penalty of the sentiment head.")
    var sentimentL2 = Heads.Hyperparameters().sentimentL2

    @Option(help: "L2 penalty (ridge α) of the score head.")
    var scoreL2 = Heads.Hyperparameters().scoreL2

    @Option(help: "L2 penalty of the tag heads.")
    var tagL2 = Heads.Hyperparameters().tagL2

    var hyperparameters: Heads.Hyperparameters {
        Heads.Hyperparameters(sentimentL2: sentimentL2, scoreL2: scoreL2, tagL2: tagL2)
    }

    func run() async throws {
        let workspace = try global.workspace()
        let embedder = try workspace.embedder(threads: threads)
        let progress = ProgressLine()
        let report = try workspace.train(embedder: embedder, hyperparameters: hyperparameters, useCache: !noCache, progress: progress.update)
        progress.finish()
        print(report.summary)
    }
}
