import Foundation
import Logging
import Mustache

/// What one render did.
public struct RenderReport: Sendable, Hashable {
    /// Files in the new site (pages, feeds, assets).
    public var files: Int
    /// HTML pages among them.
    public var pages: Int
    /// Files rendered and written because their bytes changed.
    public var written: Int
    /// Files rendered to the bytes they already had (kept as they were).
    public var unchanged: Int
    /// Files whose model had not changed: kept without rendering.
    public var reused: Int
    public var duration: TimeInterval
    public var outputPath: String
}

/// Publishes the static site and the output feeds: reads the database, fills the page
/// models, renders `Templates/` over them and swaps the result in for `Output/`.
///
/// Templates are read at every render, so a user restyles the site without recompiling.
public struct SiteRenderer: Sendable {
    public var database: AppDatabase
    public var templatesPath: String
    public var outputPath: String
    public var catalog: SiteCatalog
    public var siteTitle: String
    /// The site's public address, for feeds and the sitemap.
    public var baseURL: String
    public var logger: Logger
    /// Makes third-party HTML (post summaries and content) safe to show; `nil` shows
    /// plain text instead.
    var sanitizeHTML: HTMLFragmentSanitizer? = { html, base in HTMLSanitizer().sanitize(html, baseURL: base) }
    /// How many items an item-page batch reads at once.
    var batchSize = 1000

    /// - Parameters:
    ///   - database: where items, sources and classifications are read.
    ///   - templatesPath: the folder of Mustache templates, partials and assets.
    ///   - outputPath: the site's folder, replaced whole by each render.
    ///   - catalog: titles and emoji of topics, names of entities.
    public init(
        database: AppDatabase, templatesPath: String, outputPath: String, catalog: SiteCatalog,
        siteTitle: String, baseURL: String, logger: Logger = Logger(label: "paperdigest.render")
    ) {
        self.database = database
        self.templatesPath = templatesPath
        self.outputPath = outputPath
        self.catalog = catalog
        self.siteTitle = siteTitle
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.logger = logger
    }

    /// A renderer configured by `settings`: its templates, output, tags files, title and base URL.
    public init(settings: Settings, database: AppDatabase, logger: Logger = Logger(label: "paperdigest.render")) throws {
        let catalog = try SiteCatalog.load(
            topicsPath: settings.resolve(settings.topicsPath), entitiesPath: settings.resolve(settings.entitiesPath))
        self.init(
            database: database, templatesPath: settings.resolve(settings.templatesPath),
            outputPath: settings.resolve(settings.outputPath), catalog: catalog, siteTitle: settings.siteTitle,
            baseURL: settings.baseURL, logger: logger)
    }

    /// Renders the whole site into a staging folder and swaps it in for the output folder.
    ///
    /// - Parameter now: the render time: "today" for the index and relative dates.
    /// - Throws: `PaperDigestError` (step `render`); the previous site is then left as it was.
    @discardableResult
    public func render(now: Date) throws -> RenderReport {
        let started = Date()
        let templates = try TemplateSet.load(from: templatesPath)
        let snapshot = SiteSnapshot(
            cards: try database.siteCards(), sources: try database.sourceStates(), itemsBySource: try database.itemIDsBySource())
        logger.info("render: \(snapshot.cards.count) items, \(snapshot.sources.count) sources")
        let planner = SitePlanner(catalog: catalog, siteTitle: siteTitle, baseURL: baseURL, now: now)
        let lists = planner.cardViews(snapshot)
        let staged = try StagedOutput(outputPath: outputPath)
        do {
            var related: [Int64: [SitePlanner.Related]] = [:]
            if let matrix = try database.siteEmbeddings() {
                let found = RelatedItems().find(matrix, previous: staged.previousState(named: RelatedItems.fileName))
                related = found.neighbours
                try staged.keepState(found.state, named: RelatedItems.fileName)
            }
            let counter = RenderCounter()
            var htmlPaths: [String] = []
            func run(_ jobs: [PageJob]) throws {
                htmlPaths += jobs.lazy.map(\.path).filter { $0.hasSuffix(".html") }
                try Self.perform(jobs, templates: templates, staged: staged, counter: counter)
            }
            try run(templates.assets.map { PageJob("assets/" + $0.path, bytes: $0.data) })
            try run(planner.plan(snapshot, lists: lists))
            // Item pages, a batch at a time, keeping authors for the search index.
            var authors: [Int64: String] = [:]
            // The next batch is read while this one is fingerprinted and rendered.
            var pending = ItemBatch(database: database, after: 0, limit: batchSize)
            while true {
                let items = try pending.wait()
                guard let last = items.last else { break }
                pending = ItemBatch(database: database, after: last.card.id, limit: batchSize)
                for item in items where !item.authors.isEmpty {
                    authors[item.card.id] = item.authors.count > 3
                        ? item.authors.prefix(3).joined(separator: ", ") + " et al." : item.authors.joined(separator: ", ")
                }
                try run(items.map { planner.lazyItemPage($0, lists: lists, related: related[$0.card.id] ?? [], sanitize: sanitizeHTML) })
            }
            let indexFingerprint = planner.searchIndexFingerprint(lists, authors: authors)
            let searchIndex: @Sendable () -> Data = { [authors] in planner.searchIndex(snapshot, lists: lists, authors: authors) }
            try run([
                PageJob("search-index.json", fingerprint: indexFingerprint, bytes: searchIndex),
                PageJob("search-index.js", fingerprint: indexFingerprint) {
                    var script = Data("window.PAPERDIGEST_SEARCH_INDEX = ".utf8)
                    script.append(searchIndex())
                    script.append(Data(";\n".utf8))
                    return script
                },
            ])
            try run(planner.sitemaps(htmlPaths.filter { !SitePlanner.unlisted.contains($0) }))
            let swapped = try staged.commit()
            let report = RenderReport(
                files: counter.total, pages: htmlPaths.count, written: counter.written, unchanged: counter.unchanged,
                reused: counter.reused, duration: Date().timeIntervalSince(started), outputPath: outputPath)
            logger.info("render: \(report.pages) pages, \(report.written) written, \(report.reused + report.unchanged) unchanged\(swapped ? "" : "; nothing changed, the site was left as it was")")
            return report
        } catch {
            staged.discard()
            throw error
        }
    }

    // MARK: - Rendering jobs

    /// Renders `jobs` on every core.
    static func perform(_ jobs: [PageJob], templates: TemplateSet, staged: StagedOutput, counter: RenderCounter) throws {
        let failure = FailureBox()
        let chunks = min(jobs.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        guard chunks > 0 else { return }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = chunk * jobs.count / chunks, upper = (chunk + 1) * jobs.count / chunks
            for job in jobs[lower..<upper] {
                if failure.error != nil { return }
                do {
                    let outcome: StagedOutput.Outcome
                    switch job.body {
                    case .bytes(let data):
                        var fingerprint = templates.fingerprint
                        fingerprint.combine(data)
                        outcome = try staged.put(job.path, fingerprint: fingerprint) { data }
                    case .lazyBytes(let made, let make):
                        var fingerprint = templates.fingerprint
                        fingerprint.combine(made.value)
                        outcome = try staged.put(job.path, fingerprint: fingerprint) { make() }
                    case .lazyTemplate(let name, let inputs, let make):
                        var fingerprint = templates.fingerprint(of: name)
                        fingerprint.combine(inputs().value)
                        outcome = try staged.put(job.path, fingerprint: fingerprint) {
                            Data(try templates.render(make(), with: name, for: job.path).utf8)
                        }
                    case .template(let name, let model):
                        let fingerprint = Fingerprint(of: model, seed: templates.fingerprint(of: name))
                        outcome = try staged.put(job.path, fingerprint: fingerprint) {
                            Data(try templates.render(model, with: name, for: job.path).utf8)
                        }
                    }
                    counter.count(outcome)
                } catch {
                    failure.set(error)
                    return
                }
            }
        }
        if let error = failure.error { throw error }
    }
}

/// One batch of items read on another thread.
final class ItemBatch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<[Item], any Error> = .success([])

    init(database: AppDatabase, after: Int64, limit: Int) {
        DispatchQueue.global().async {
            self.result = Result { try database.siteItems(afterID: after, limit: limit) }
            self.done.signal()
        }
    }

    func wait() throws -> [Item] {
        done.wait()
        return try result.get()
    }
}

/// Thread-safe counts of what happened to each file.
final class RenderCounter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var written = 0, unchanged = 0, reused = 0
    var total: Int { written + unchanged + reused }
    func count(_ outcome: StagedOutput.Outcome) {
        lock.lock()
        defer { lock.unlock() }
        switch outcome {
        case .written: written += 1
        case .unchangedBytes: unchanged += 1
        case .linked: reused += 1
        }
    }
}

final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    var error: (any Error)? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ error: any Error) { lock.lock(); if stored == nil { stored = error }; lock.unlock() }
}
