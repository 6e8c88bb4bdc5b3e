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
        var lap = (wall: started, cpu: Self.cpuSeconds())
        // With --verbose: how long each part took, in wall time and in CPU time of the process.
        func phase(_ name: String) {
            let now = (wall: Date(), cpu: Self.cpuSeconds())
            logger.debug("render: \(name) in \(String(format: "%.2f", now.wall.timeIntervalSince(lap.wall))) s (\(String(format: "%.2f", now.cpu - lap.cpu)) s CPU)")
            lap = now
        }
        let templates = try TemplateSet.load(from: templatesPath)
        // What each item page is made of, digested on another thread while the cards are
        // read and built.
        let database = self.database
        let contents = Background { try Self.itemPageDigests(database) }
        let snapshot = SiteSnapshot(
            cards: try database.siteCards(), sources: try database.sourceStates(), itemsBySource: try database.itemIDsBySource())
        logger.info("render: \(snapshot.cards.count) items, \(snapshot.sources.count) sources")
        phase("read \(snapshot.cards.count) items")
        var planner = SitePlanner(catalog: catalog, siteTitle: siteTitle, baseURL: baseURL, now: now)
        // A failed read leaves one feed without authors; reading the site's items from the
        // same database fails the render loudly first.
        planner.authors = { ids in (try? database.siteAuthors(ids: ids)) ?? [:] }
        let lists = planner.cardViews(snapshot)
        phase("built their cards")
        let staged = try StagedOutput(outputPath: outputPath)
        do {
            var related: [Int64: [SitePlanner.Related]] = [:]
            if let matrix = try database.siteEmbeddings() {
                let found = RelatedItems().find(matrix, previous: staged.previousState(named: RelatedItems.fileName))
                related = found.neighbours
                try staged.keepState(found.state, named: RelatedItems.fileName)
                phase("related papers of \(matrix.itemIDs.count) items")
            }
            let counter = RenderCounter()
            var htmlPaths: [String] = []
            func run(_ jobs: [PageJob]) throws {
                htmlPaths += jobs.lazy.map(\.path).filter { $0.hasSuffix(".html") }
                try Self.perform(jobs, templates: templates, staged: staged, counter: counter)
            }
            try run(templates.assets.map { PageJob("assets/" + $0.path, bytes: $0.data) })
            try run(planner.plan(snapshot, lists: lists))
            phase("digests, topics, sources, analytics, feeds")
            let digests = try contents.wait()
            phase("digested what item pages show (waited for)")
            htmlPaths += try renderItemPages(
                snapshot, lists: lists, related: related, digests: digests, planner: planner, templates: templates,
                staged: staged, counter: counter)
            phase("item pages")
            let searchIndex = Once { () throws -> Data in
                let authors = try database.siteAuthors().mapValues(SitePlanner.authorLine)
                return planner.searchIndex(snapshot, lists: lists, authors: authors)
            }
            let indexFingerprint = planner.searchIndexFingerprint(lists, digests: digests)
            try run([
                PageJob("search-index.json", fingerprint: indexFingerprint) { try searchIndex.value() },
                PageJob("search-index.js", fingerprint: indexFingerprint) {
                    var script = Data("window.PAPERDIGEST_SEARCH_INDEX = ".utf8)
                    script.append(try searchIndex.value())
                    script.append(Data(";\n".utf8))
                    return script
                },
            ])
            try run(planner.sitemaps(htmlPaths.filter { !SitePlanner.unlisted.contains($0) }))
            phase("search index and sitemaps")
            let swapped = try staged.commit()
            phase(swapped ? "swapped the new site in" : "nothing to swap")
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

    /// User and system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Digests of what each item page shows from the database, by item id.
    static func itemPageDigests(_ database: AppDatabase) throws -> [Int64: UInt64] {
        var digests: [Int64: UInt64] = [:]
        try database.visitItemPageContents { id, content in
            var f = Fingerprint()
            f.combine(content)
            digests[id] = f.value
        }
        return digests
    }

    /// Item pages. A page whose inputs (`SitePlanner.itemPageInputs`) are what they were is
    /// linked as it was, on every core, without reading its item; the items of the others
    /// are read a batch at a time (the next batch while this one renders) and rendered.
    ///
    /// - Returns: the pages' paths.
    private func renderItemPages(
        _ snapshot: SiteSnapshot, lists: SitePlanner.Lists, related: [Int64: [SitePlanner.Related]], digests: [Int64: UInt64],
        planner: SitePlanner, templates: TemplateSet, staged: StagedOutput, counter: RenderCounter
    ) throws -> [String] {
        let ids = snapshot.cards.map(\.id).sorted()
        let sourcesOfItem: [Int64: [Int64]] = {
            var map: [Int64: [Int64]] = [:]
            for (source, items) in snapshot.itemsBySource {
                for item in items { map[item, default: []].append(source) }
            }
            return map.mapValues { $0.sorted() }
        }()
        let sourceDigests = planner.sourceDigests(snapshot)
        let base = planner.siteBase
        let seed = templates.fingerprint(of: "pages/item")
        var inputsOf = [Fingerprint](repeating: Fingerprint(), count: ids.count)
        var reused = [Bool](repeating: false, count: ids.count)
        let failure = FailureBox()
        let chunks = max(1, min(ids.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        inputsOf.withUnsafeMutableBufferPointer { inputsBuffer in
            reused.withUnsafeMutableBufferPointer { reusedBuffer in
                // Each chunk writes its own slots only.
                nonisolated(unsafe) let inputsOut = inputsBuffer, reusedOut = reusedBuffer
                DispatchQueue.concurrentPerform(iterations: ids.isEmpty ? 0 : chunks) { chunk in
                    let range = (chunk * ids.count / chunks)..<((chunk + 1) * ids.count / chunks)
                    var files: [(path: String, fingerprint: Fingerprint)] = []
                    files.reserveCapacity(range.count)
                    for n in range {
                        let id = ids[n]
                        let inputs = planner.itemPageInputs(
                            id, content: digests[id] ?? 0, base: base, lists: lists, related: related[id] ?? [],
                            sources: sourcesOfItem[id] ?? [], sourceDigests: sourceDigests)
                        var fingerprint = seed
                        fingerprint.combine(inputs.value)
                        inputsOut[n] = inputs
                        files.append((SitePaths.item(id), fingerprint))
                    }
                    do {
                        for (n, linked) in zip(range, try staged.reuse(files)) { reusedOut[n] = linked }
                    } catch {
                        failure.set(error)
                    }
                }
            }
        }
        if let error = failure.error { throw error }
        var stale: [Int64] = []
        var staleInputs: [Int64: Fingerprint] = [:]
        for (n, id) in ids.enumerated() {
            if reused[n] {
                counter.count(.linked)
            } else {
                stale.append(id)
                staleInputs[id] = inputsOf[n]
            }
        }
        logger.debug("render: \(ids.count - stale.count) item pages as they were, \(stale.count) to render")
        var start = 0
        var pending = ItemBatch(database: database, ids: Array(stale.prefix(batchSize)))
        while start < stale.count {
            let items = try pending.wait()
            start += batchSize
            pending = ItemBatch(database: database, ids: Array(stale.dropFirst(start).prefix(batchSize)))
            let sanitize = sanitizeHTML
            try Self.perform(items.map { item in
                let inputs = staleInputs[item.card.id] ?? Fingerprint()
                let neighbours = related[item.card.id] ?? []
                return PageJob(SitePaths.item(item.card.id), template: "pages/item", inputs: { inputs }) {
                    guard case .template(_, let model) = planner.itemPage(item, lists: lists, related: neighbours, sanitize: sanitize).body,
                        let page = model as? ItemPage
                    else { fatalError("itemPage makes a template job") }
                    return page
                }
            }, templates: templates, staged: staged, counter: counter)
        }
        return ids.map(SitePaths.item)
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
                        outcome = try staged.put(job.path, fingerprint: fingerprint) { try make() }
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

/// A value made on another thread; `wait()` blocks until it is there.
final class Background<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ make: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async {
            self.result = Result { try make() }
            self.done.signal()
        }
    }

    func wait() throws -> Value {
        done.wait()
        done.signal()  // later waits return at once
        return try result!.get()
    }
}

/// One batch of items read on another thread.
final class ItemBatch: @unchecked Sendable {
    private let read: Background<[Item]>

    init(database: AppDatabase, ids: [Int64]) {
        read = Background { ids.isEmpty ? [] : try database.siteItems(ids: ids) }
    }

    func wait() throws -> [Item] { try read.wait() }
}

/// A value made the first time it is asked for, once, whichever thread asks.
final class Once<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, any Error>?
    private let make: () throws -> Value

    init(_ make: @escaping () throws -> Value) { self.make = make }

    func value() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if result == nil { result = Result { try make() } }
        return try result!.get()
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
