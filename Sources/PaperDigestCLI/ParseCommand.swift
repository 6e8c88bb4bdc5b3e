import ArgumentParser
import Foundation
import PaperDigest

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what PaperDigest reads from one feed (a file or a URL), for debugging a source.",
        discussion: "With --json: {\"title\",\"link\",\"entries\":[…],\"warnings\":[…]}, dates as ISO-8601 UTC, absent fields omitted.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A feed file, or an http(s) URL to fetch.")
    var location: String

    @Flag(help: "Print JSON instead of a summary.")
    var json = false

    @Option(help: ArgumentHelp("Content-Type to assume for a file (its charset overrides the document's).", valueName: "type"))
    var contentType: String?

    func run() async throws {
        let workspace = try global.workspace()
        let data: Data
        var url: String? = nil
        var contentType = self.contentType
        if HTTPClient.isHTTPURL(location) {
            let client = HTTPClient.live(HTTPClient.Configuration(
                deadline: workspace.settings.fetch.timeout, maxBodyBytes: workspace.settings.fetch.maxBodyBytes))
            let result = try await client.get(location)
            guard (200..<300).contains(result.response.status) else {
                throw PaperDigestError(.fetch, "HTTP \(result.response.status)", at: location)
            }
            data = result.response.body
            url = result.response.url
            contentType = contentType ?? result.response.contentType
        } else {
            guard let contents = FileManager.default.contents(atPath: location) else {
                throw PaperDigestError(.parse, "cannot read the file", at: location)
            }
            data = contents
            url = URL(fileURLWithPath: location).absoluteString
        }
        let feed = try FeedParser().parse(data, url: url, contentType: contentType)
        if json {
            print(feed.jsonString(prettyPrinted: true))
            return
        }
        print("\(feed.title ?? "(no title)")  [\(feed.format)]")
        if let link = feed.link { print(link) }
        print("\(feed.entries.count) entries")
        let formatter = ISO8601DateFormatter()
        for entry in feed.entries {
            print("")
            print("- \(entry.title.map(HTMLText.plainText) ?? "(no title)")")
            if let link = entry.link { print("  \(link)") }
            if let arxiv = entry.arxiv {
                print("  arXiv:\(arxiv.id)" + (arxiv.version.map { "v\($0)" } ?? "")
                    + (arxiv.announceType.map { "  (\($0))" } ?? "") + "  " + arxiv.categories.joined(separator: " "))
            }
            let authors = entry.authors.compactMap(\.name)
            if !authors.isEmpty { print("  by \(authors.joined(separator: ", "))") }
            if let date = entry.published ?? entry.updated { print("  \(formatter.string(from: date))") }
        }
        for warning in feed.warnings { printError("warning: \(warning)") }
    }
}
