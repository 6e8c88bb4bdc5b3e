import ArgumentParser
import Foundation
import PaperDigest

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search titles, abstracts and authors (bm25 ranking, matches in [brackets]).",
        discussion: "Every word must match, as a prefix. With --raw the query is FTS5 syntax: \"sparse autoencoder\" OR transcoder.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What to look for.")
    var query: [String]

    @Option(name: .shortAndLong, help: "How many results.")
    var limit = 20

    @Flag(help: "Treat the query as SQLite FTS5 syntax.")
    var raw = false

    func validate() throws {
        guard !query.isEmpty else { throw ValidationError("give a query, e.g. paperdigest search sparse autoencoder") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let workspace = try global.workspace()
        let hits = try workspace.openDatabase().search(query.joined(separator: " "), limit: limit, raw: raw)
        if hits.isEmpty { print("no matches"); return }
        for (n, hit) in hits.enumerated() {
            let day = hit.published.map { String(ISO8601DateFormatter().string(from: $0).prefix(10)) } ?? "          "
            let reference = hit.arxivID.map { "arXiv:" + $0 } ?? hit.url ?? ""
            print("\(n + 1). \(hit.title)")
            print("   \(day)  \(reference)")
            print("   \(hit.snippet.replacingOccurrences(of: "\n", with: " "))")
        }
    }
}
