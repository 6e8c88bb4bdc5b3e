import ArgumentParser
import Foundation
import PaperDigest

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Cross-validate the heads on the labels, beside the majority-class and phrase-only baselines.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Number of folds.")
    var folds = 5

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

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    }

    func run() async throws {
        let workspace = try global.workspace()
        let embedder = try workspace.embedder(threads: threads)
        let progress = ProgressLine()
        let evaluation = try workspace.evaluate(embedder: embedder, hyperparameters: hyperparameters, folds: folds, useCache: !noCache, progress: progress.update)
        progress.finish()
        print(evaluation.report())
    }
}
