import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// `paperdigest bench render`: a site of N corpus items rendered by PaperDigest, rendered
/// again with nothing changed, and the same items rendered by Hugo in the same run.
public struct RenderBenchmark: Sendable {
    public var corpusPath: String
    public var labelsPath: String
    public var topicsPath: String
    public var entitiesPath: String
    public var sourcesPath: String
    public var templatesPath: String
    public var workPath: String
    public var items: Int
    public var hugoPath: String?

    public init(
        corpusPath: String, labelsPath: String, topicsPath: String, entitiesPath: String, sourcesPath: String,
        templatesPath: String, workPath: String, items: Int, hugoPath: String?
    ) {
        self.corpusPath = corpusPath
        self.labelsPath = labelsPath
        self.topicsPath = topicsPath
        self.entitiesPath = entitiesPath
        self.sourcesPath = sourcesPath
        self.templatesPath = templatesPath
        self.workPath = workPath
        self.items = items
        self.hugoPath = hugoPath
    }

    public struct Result: Sendable {
        public var items: Int
        public var pages: Int
        public var files: Int
        public var seconds: Double
        /// User + system CPU seconds of the full render (the machine may be shared).
        public var cpuSeconds: Double
        public var rerunSeconds: Double
        public var rerunCPUSeconds: Double
        public var rerunRendered: Int
        public var peakMemoryMB: Double
        public var hugoPages: Int?
        public var hugoSeconds: Double?
        public var hugoCPUSeconds: Double?

        public var pagesPerSecond: Double { Double(pages) / seconds }
        public var hugoPagesPerSecond: Double? { hugoPages.flatMap { p in hugoSeconds.map { Double(p) / $0 } } }

        public var summary: String {
            var lines = [
                "items: \(items)",
                "paperdigest: \(pages) pages (\(files) files) in \(String(format: "%.2f", seconds)) s wall, \(String(format: "%.2f", cpuSeconds)) s CPU = \(String(format: "%.0f", pagesPerSecond)) pages/s wall, \(String(format: "%.0f", Double(pages) / cpuSeconds)) pages per CPU-second; peak memory \(String(format: "%.0f", peakMemoryMB)) MB",
                "paperdigest rerun, nothing changed: \(String(format: "%.2f", rerunSeconds)) s wall (\(String(format: "%.1f", 100 * rerunSeconds / seconds))% of the full render), \(String(format: "%.2f", rerunCPUSeconds)) s CPU (\(String(format: "%.1f", 100 * rerunCPUSeconds / cpuSeconds))%), \(rerunRendered) files rendered",
            ]
            if let hugoPages, let hugoSeconds, let hugoCPU = hugoCPUSeconds, let rate = hugoPagesPerSecond {
                lines.append("hugo: \(hugoPages) pages in \(String(format: "%.2f", hugoSeconds)) s wall, \(String(format: "%.2f", hugoCPU)) s CPU = \(String(format: "%.0f", rate)) pages/s wall, \(String(format: "%.0f", Double(hugoPages) / hugoCPU)) pages per CPU-second")
                lines.append("ratio paperdigest / hugo: \(String(format: "%.2f", pagesPerSecond / rate)) (wall pages/s), \(String(format: "%.2f", (Double(pages) / cpuSeconds) / (Double(hugoPages) / hugoCPU))) (pages per CPU-second)")
            } else {
                lines.append("hugo: not run (no executable)")
            }
            return lines.joined(separator: "\n")
        }
    }

    public func run(progress: (String) -> Void) throws -> Result {
        let fm = FileManager.default
        for folder in ["site", ".site.render-state", "hugo"] { try? fm.removeItem(atPath: workPath + "/" + folder) }
        try fm.createDirectory(atPath: workPath, withIntermediateDirectories: true)
        // The database of a previous run with the same number of items is used again: it
        // was filled from the same seed, and filling is not what is measured.
        let databasePath = workPath + "/bench.sqlite"
        var database = try AppDatabase.open(path: databasePath)
        let fillNow = Date(timeIntervalSince1970: 1_771_000_000)
        if try database.stats().items != items {
            try? fm.removeItem(atPath: databasePath)
            try? fm.removeItem(atPath: databasePath + "-wal")
            try? fm.removeItem(atPath: databasePath + "-shm")
            database = try AppDatabase.open(path: databasePath)
            progress("bench: reading the corpus and filling \(items) items into \(databasePath)")
            let corpus = try DemoCorpus.load(from: corpusPath, labelsPath: labelsPath)
            let sources = try SourceList.read(from: sourcesPath).sources
            try corpus.fill(database, sources: sources, entitiesPath: entitiesPath, selection: .sample(count: items, seed: 42), now: fillNow)
        } else {
            progress("bench: using the \(items) items already in \(databasePath)")
        }
        let now = try database.siteCards().first?.date ?? fillNow

        let catalog = try SiteCatalog.load(topicsPath: topicsPath, entitiesPath: entitiesPath)
        var logger = Logger(label: "paperdigest.bench")
        logger.logLevel = .warning
        let renderer = SiteRenderer(
            database: database, templatesPath: templatesPath, outputPath: workPath + "/site", catalog: catalog,
            siteTitle: "PaperDigest benchmark", baseURL: "https://example.org/digest/", logger: logger)
        progress("bench: paperdigest render")
        let cpu0 = Self.cpuSeconds(RUSAGE_SELF.rawValue)
        let start = Date()
        let report = try renderer.render(now: now)
        let seconds = Date().timeIntervalSince(start)
        let cpu1 = Self.cpuSeconds(RUSAGE_SELF.rawValue)
        progress("bench: paperdigest rerun with nothing changed")
        let rerunStart = Date()
        let rerun = try renderer.render(now: now)
        let rerunSeconds = Date().timeIntervalSince(rerunStart)
        let cpu2 = Self.cpuSeconds(RUSAGE_SELF.rawValue)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)

        var result = Result(
            items: items, pages: report.pages, files: report.files, seconds: seconds, cpuSeconds: cpu1 - cpu0,
            rerunSeconds: rerunSeconds, rerunCPUSeconds: cpu2 - cpu1,
            rerunRendered: rerun.written + rerun.unchanged, peakMemoryMB: Double(usage.ru_maxrss) / 1024)
        if let hugoPath {
            progress("bench: writing the Hugo project")
            try writeHugoProject(database: database, catalog: catalog, now: now)
            progress("bench: hugo")
            let hugoStart = Date()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: hugoPath)
            process.arguments = ["--source", workPath + "/hugo", "--destination", workPath + "/hugo/public", "--quiet"]
            try process.run()
            process.waitUntilExit()
            result.hugoSeconds = Date().timeIntervalSince(hugoStart)
            result.hugoCPUSeconds = Self.cpuSeconds(RUSAGE_CHILDREN.rawValue)
            guard process.terminationStatus == 0 else {
                throw PaperDigestError(.render, "hugo exited with status \(process.terminationStatus)", at: hugoPath)
            }
            result.hugoPages = (fm.enumerator(atPath: workPath + "/hugo/public")?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".html") }.count
        }
        return result
    }

    static func cpuSeconds(_ who: Int32) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// A Hugo site with one page per item, topics and sources as paginated taxonomies, and
    /// layouts that show what PaperDigest's cards and item pages show.
    private func writeHugoProject(database: AppDatabase, catalog: SiteCatalog, now: Date) throws {
        let root = workPath + "/hugo"
        let fm = FileManager.default
        for folder in ["content/items", "layouts/_default", "static"] {
            try fm.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try Data("""
            baseURL = "https://example.org/hugo/"
            title = "PaperDigest benchmark (Hugo)"
            languageCode = "en"
            paginate = 25
            [taxonomies]
              topic = "topics"
              source = "sources"
            """.utf8).write(to: URL(fileURLWithPath: root + "/hugo.toml"))
        let layouts: [String: String] = [
            "baseof.html": """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{{ .Title }} · {{ .Site.Title }}</title><link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
                <body><header><nav><a href="{{ "" | relURL }}">Home</a> <a href="{{ "topics/" | relURL }}">Topics</a> <a href="{{ "sources/" | relURL }}">Sources</a></nav></header>
                <main>{{ block "main" . }}{{ end }}</main><footer>Made with Hugo</footer></body></html>
                """,
            "single.html": """
                {{ define "main" }}<article><p>{{ .Params.emoji }} {{ with .Params.sentiment }}{{ . }}{{ end }} {{ with .Params.score }}{{ . }}/10{{ end }} {{ .Params.sourcelabel }}
                <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 Jan 2006" }}</time></p>
                <h1>{{ .Title }}</h1><p>{{ .Params.authors }}</p><p>{{ .Params.summary }}</p>{{ .Content }}
                <ul>{{ range .Params.topics }}<li><a href="{{ "topics/" | relURL }}{{ . | urlize }}/">#{{ . }}</a></li>{{ end }}</ul></article>{{ end }}
                """,
            "list.html": """
                {{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article><p>{{ .Params.emoji }} {{ with .Params.sentiment }}{{ . }}{{ end }} {{ with .Params.score }}{{ . }}/10{{ end }} {{ .Params.sourcelabel }}
                <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 Jan 2006" }}</time></p>
                <h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.summary }}</p>
                <ul>{{ range .Params.topics }}<li><a href="{{ "topics/" | relURL }}{{ . | urlize }}/">#{{ . }}</a></li>{{ end }}</ul></article>{{ end }}
                {{ template "_internal/pagination.html" . }}{{ end }}
                """,
        ]
        for (name, text) in layouts {
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/layouts/_default/" + name))
        }
        try? fm.copyItem(atPath: templatesPath + "/assets/style.css", toPath: root + "/static/style.css")
        let builder = CardBuilder(catalog: catalog, now: now)
        func quoted(_ s: String) -> String { JSONStrings.encode([s]).dropFirst().dropLast().description }
        var after: Int64 = 0
        while true {
            let batch = try database.siteItems(afterID: after, limit: 2000)
            guard let last = batch.last else { break }
            after = last.card.id
            for item in batch {
                let card = builder.card(item.card)
                var front = "---\ntitle: \(quoted(card.title))\ndate: \(SiteDate.rfc3339(item.card.date))\n"
                front += "summary: \(quoted(card.summary))\nsourcelabel: \(quoted(card.sourceLabel))\n"
                front += "authors: \(quoted(item.authors.joined(separator: ", ")))\n"
                if let emoji = card.leadEmoji { front += "emoji: \(quoted(emoji))\n" }
                if let s = card.sentiment { front += "sentiment: \(quoted(s.word))\n" }
                if let c = item.card.classification { front += "score: \(c.score)\n" }
                front += "topics: [\(card.topics.map { quoted($0.slug) }.joined(separator: ", "))]\n"
                front += "sources: [\(quoted(item.card.source?.slug ?? "unknown"))]\n---\n"
                front += (item.summaryText ?? "") + "\n"
                try StagedOutput.write(Data(front.utf8), to: root + "/content/items/\(item.card.id).md")
            }
        }
    }
}
