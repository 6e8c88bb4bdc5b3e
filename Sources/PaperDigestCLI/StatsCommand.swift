import ArgumentParser
import Foundation
import PaperDigest

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show what the database holds: items, sources, fetches, classifications.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let workspace = try global.workspace()
        let stats = try workspace.openDatabase().stats()
        let formatter = ISO8601DateFormatter()
        print("database      \(workspace.databasePath)")
        print("items         \(stats.items) (\(stats.arxivItems) from arXiv, \(stats.itemVersions) arXiv versions seen)")
        print("sources       \(stats.sources) (\(stats.enabledSources) enabled, \(stats.failingSources) failing or disabled)")
        print("fetches       \(stats.fetches)" + (stats.lastFetch.map { ", last \(formatter.string(from: $0))" } ?? ""))
        print("classified    \(stats.classified) (\(stats.embeddings) embeddings, \(stats.labels) labels)")
        if let newest = stats.newestItem { print("newest item   \(formatter.string(from: newest))") }
        if !stats.itemsPerSource.isEmpty {
            print("items per source:")
            for (title, count) in stats.itemsPerSource {
                let number = String(count)
                print(String(repeating: " ", count: max(2, 9 - number.count)) + number + "  " + title)
            }
        }
    }
}
