import ArgumentParser
import Foundation
import PaperDigest

/// `paperdigest bench render`: the site render beside Hugo (Benchmarks/render.sh runs it).
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a site of N corpus items into a temporary folder, beside Hugo on the same items.")

    @Option(help: "The corpus folder.")
    var corpus: String = "../shared/corpus"

    @Option(help: "How many items the site holds.")
    var items: Int = 100_000

    @Option(help: "The templates folder.")
    var templates: String = "Templates"

    @Option(help: "Hugo's executable; none skips the comparison.")
    var hugo: String = "/usr/bin/hugo"

    @Option(help: "Where the temporary database, sites and Hugo project go.")
    var workdir: String = "Benchmarks/.work"

    func run() throws {
        do {
            let cwd = FileManager.default.currentDirectoryPath
            func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
            let bench = RenderBenchmark(
                corpusPath: absolute(corpus), labelsPath: absolute("Data/labels.jsonl"), topicsPath: absolute("Feeds/topics.yml"),
                entitiesPath: absolute("Feeds/entities.yml"), sourcesPath: absolute("Feeds/sources.opml"),
                templatesPath: absolute(templates), workPath: absolute(workdir), items: items,
                hugoPath: FileManager.default.isExecutableFile(atPath: hugo) ? hugo : nil)
            let result = try bench.run { print($0) }
            print(result.summary)
        }
    }
}
