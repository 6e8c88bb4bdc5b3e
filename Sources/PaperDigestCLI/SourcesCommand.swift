import ArgumentParser
import Foundation
import PaperDigest

struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List and edit the followed sources (Feeds/sources.opml).",
        subcommands: [List.self, Add.self, Remove.self, Import.self, Export.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sources with their health.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspace = try global.workspace()
            let list = try workspace.sourceList()
            let database = try workspace.openDatabase()
            try database.syncSources(list.sources, now: Date())
            let formatter = ISO8601DateFormatter()
            for state in try database.sourceStates() {
                var health: String
                if let reason = state.disabledReason {
                    health = "disabled: \(reason)"
                } else if !state.source.isEnabled {
                    health = "disabled in sources.opml"
                } else if state.consecutiveFailures > 0 {
                    health = "failing ×\(state.consecutiveFailures): \(state.lastError ?? "?")"
                    if let next = state.nextFetchAt { health += ", next try \(formatter.string(from: next))" }
                } else if let last = state.lastSuccessAt {
                    health = "ok, fetched \(formatter.string(from: last))"
                } else {
                    health = "not fetched yet"
                }
                print("\(state.source.slug)  [\(state.source.kind.rawValue)]  \(state.source.title)")
                print("    \(state.fetchURL)")
                print("    \(state.itemCount) items; \(health)")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow a feed, or a web page whose <link rel=\"alternate\"> names one.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The feed's or the page's URL.") var url: String
        @Option(help: "arxiv, lab, blog or news (default: arxiv for arxiv.org, else blog).") var kind: Source.Kind?
        @Option(help: "The title to show (default: the feed's own).") var title: String?
        @Option(help: "Seconds between two requests to this host.") var politeness: Double?

        func run() async throws {
            let workspace = try global.workspace()
            var list = try workspace.sourceList()
            let source = try await SourceAdder(settings: workspace.settings, logger: workspace.logger)
                .resolve(url, kind: kind, title: title, politeness: politeness)
            list.add(source)
            try list.write(to: workspace.sourcesPath)
            print("following \(source.title) <\(source.url)> as \(source.kind.rawValue)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop following a source (its items stay in the database).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The source's URL, slug or title.") var name: String

        func run() async throws {
            let workspace = try global.workspace()
            var list = try workspace.sourceList()
            let removed = list.remove(name)
            guard !removed.isEmpty else {
                throw ValidationError("no source named \(name) in \(workspace.sourcesPath) (see paperdigest sources list)")
            }
            try list.write(to: workspace.sourcesPath)
            for source in removed { print("stopped following \(source.title) <\(source.url)>") }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add every feed of an OPML file (from any feed reader).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The OPML file.") var file: String

        func run() async throws {
            let workspace = try global.workspace()
            var list = try workspace.sourceList()
            let incoming = try SourceList.read(from: file)
            let known = Set(list.sources.map(\.url))
            var added = 0
            for source in incoming.sources where !known.contains(source.url) {
                list.add(source)
                added += 1
            }
            try list.write(to: workspace.sourcesPath)
            print("imported \(added) new sources (\(incoming.sources.count - added) already followed)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the sources as OPML 2.0, or write them to a file.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Write here instead of standard output.") var file: String?

        func run() async throws {
            let workspace = try global.workspace()
            let list = try workspace.sourceList()
            if let file {
                try list.write(to: file)
            } else {
                print(list.opml(), terminator: "")
            }
        }
    }
}

extension Source.Kind: ExpressibleByArgument {}
