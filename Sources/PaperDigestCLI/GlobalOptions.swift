import ArgumentParser
import Foundation
import Logging
import PaperDigest

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Settings file (default: ./paperdigest.yml when present).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Database file (overrides the settings).", valueName: "path"))
    var database: String?

    @Option(name: .customLong("model-dir"), help: ArgumentHelp(
        "Encoder model folder: any BERT-family Hugging Face folder with config.json, vocab.txt, tokenizer.json and model.safetensors (overrides the settings' model).",
        valueName: "path"))
    var modelDirectory: String?

    @Flag(name: .shortAndLong, help: "Log what each step does.")
    var verbose = false

    /// The workspace these options name, with logging set up for a terminal or a log file.
    func workspace(label: String = "paperdigest") throws -> Workspace {
        LogSetup.bootstrapOnce(level: verbose ? .debug : .warning)
        return try Workspace.load(
            configPath: config, databasePath: database, modelPath: modelDirectory, logger: Logger(label: label))
    }
}

enum LogSetup {
    nonisolated(unsafe) private static var isBootstrapped = false

    static func bootstrapOnce(level: Logger.Level) {
        guard !isBootstrapped else { return }
        isBootstrapped = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Whether standard error is a terminal, for progress lines.
var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
