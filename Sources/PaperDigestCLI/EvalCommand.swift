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

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    }

    func run() async throws {
        let workspace = try global.workspace()
        let embedder = try workspace.embedder(threads: threads)
        let progress = ProgressLine()
        let evaluation = try workspace.evaluate(embedder: embedder, folds: folds, useCache: !noCache, progress: progress.update)
        progress.finish()
        print(evaluation.report())
    }
}
