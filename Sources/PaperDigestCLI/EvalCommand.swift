import ArgumentParser
import Foundation
import PaperDigest

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Cross-validate the heads on the labels, beside the majority-class and phrase-only baselines.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var heads: HeadsOptions

    @Option(help: "Number of folds.")
    var folds = 5

    @Option(help: ArgumentHelp(
        "Also write each example's held-out prediction as JSON Lines (id, labels, probabilities, tag decisions).",
        valueName: "path"))
    var predictions: String?

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    }

    func run() async throws {
        let workspace = try global.workspace()
        let embedder = try workspace.embedder(threads: heads.threads)
        let progress = ProgressLine()
        let evaluation = try workspace.evaluate(
            embedder: embedder, hyperparameters: heads.hyperparameters, folds: folds, useCache: !heads.noCache,
            progress: progress.update)
        progress.finish()
        print(evaluation.report())
        if let predictions {
            try evaluation.predictionLines().write(
                to: URL(fileURLWithPath: predictions), atomically: true, encoding: .utf8)
        }
    }
}
