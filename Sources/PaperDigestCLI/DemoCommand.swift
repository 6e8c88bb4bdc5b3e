import ArgumentParser
import Foundation
import PaperDigest

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill a database with real papers and posts from the shared corpus, for a demo site.",
        discussion: "Classifications come from the hand labels in Data/labels.jsonl; other items stay unclassified.")

    @OptionGroup var options: SiteOptions

    @Option(help: "The corpus folder (arxiv_records.jsonl, mechinterp_records.jsonl, blog_posts.jsonl).")
    var corpus: String = "../shared/corpus"

    @Option(help: "Besides labelled items and lab posts, the arXiv papers of the newest N days.")
    var days: Int = 10

    @Option(help: "The demo's present, ISO 8601 (default: now): nothing published later is taken; fetches are recorded then.")
    var now: String?

    func run() throws {
        let now = try parseNow(self.now)
        do {
            let settings = try options.workspace().settings
            let corpus = try DemoCorpus.load(from: self.corpus, labelsPath: settings.resolve(settings.labelsPath))
            let database = try AppDatabase.open(path: settings.resolve(settings.databasePath))
            let sources = try SourceList.read(from: settings.resolve(settings.sourcesPath)).sources
            let count = try corpus.fill(
                database, sources: sources, entitiesPath: settings.resolve(settings.entitiesPath),
                selection: .recent(days: days), now: now)
            print("demo: \(count) items from \(self.corpus) in \(settings.resolve(settings.databasePath))")
        }
    }
}
