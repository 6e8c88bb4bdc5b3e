import ArgumentParser
import Foundation
import PaperDigest

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show why an item was classified as it was: phrases, nearest labelled examples, the heads' largest terms.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Item id, arXiv id or URL.")
    var id: String

    func run() async throws {
        let workspace = try global.workspace()
        print(try ExplainStep.report(database: try workspace.openDatabase(), reference: id))
    }
}
