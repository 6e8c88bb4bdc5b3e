import ArgumentParser
import Foundation
import PaperDigest

struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts with the local encoder: JSON Lines {\"text\"} in, {\"embedding\": [384 floats]} out.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Read JSON Lines from standard input (the only input this command takes).")
    var stdin = false

    @Option(help: "Encoder worker threads.")
    var threads = 2

    func validate() throws {
        guard stdin else { throw ValidationError("embed reads JSON Lines from standard input: use --stdin") }
    }

    func run() async throws {
        let workspace = try global.workspace()
        let embedder = try workspace.embedder(threads: threads)
        try JSONLines.embed(readLine: { readLine() }, write: { print($0) }, embedder: embedder)
    }
}
