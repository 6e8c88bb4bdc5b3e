import ArgumentParser
import Foundation
import PaperDigest

struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Record what you say about an item (sentiment, score, tags) for the next paperdigest train.",
        discussion: "ID is the item's id, its arXiv id or its URL. Give --tag once per tag; --no-tags says it is outside the field.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Item id, arXiv id or URL.")
    var id: String

    @Option(help: "bullish, neutral or bearish.")
    var sentiment: Classification.Sentiment?

    @Option(help: "How much the field will care, 1–10.")
    var score: Int?

    @Option(name: .customLong("tag"), help: "A topic slug from Feeds/topics.yml (repeatable).")
    var tags: [String] = []

    @Flag(help: "The item has no tags (outside the field).")
    var noTags = false

    func validate() throws {
        if let score, !(1...10).contains(score) { throw ValidationError("--score must be from 1 to 10") }
        if noTags && !tags.isEmpty { throw ValidationError("--no-tags and --tag contradict each other") }
        if sentiment == nil && score == nil && tags.isEmpty && !noTags {
            throw ValidationError("say something: --sentiment, --score, --tag or --no-tags")
        }
    }

    func run() async throws {
        let workspace = try global.workspace()
        let line = try workspace.label(
            reference: id, sentiment: sentiment, score: score, tags: noTags ? [] : (tags.isEmpty ? nil : tags), now: Date())
        print(line)
    }
}

extension Classification.Sentiment: ExpressibleByArgument {}
