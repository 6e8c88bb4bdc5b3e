import Foundation
import Logging

/// Fetches many sources at once, politely: a few hosts in parallel, one request at a time per
/// host with a pause between them, and one `FetchOutcome` per source whatever happens.
public struct Fetcher: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// Hosts fetched at the same time.
        public var maxConcurrentHosts: Int
        /// Seconds between two requests to a host, unless the source says otherwise.
        public var defaultPolitenessDelay: Double
        /// Seconds between two requests to an arXiv host (arXiv asks for 3 s).
        public var arxivPolitenessDelay: Double
        public var health: HealthPolicy

        public init(
            maxConcurrentHosts: Int = 4, defaultPolitenessDelay: Double = 1, arxivPolitenessDelay: Double = 3,
            health: HealthPolicy = HealthPolicy()
        ) {
            self.maxConcurrentHosts = maxConcurrentHosts
            self.defaultPolitenessDelay = defaultPolitenessDelay
            self.arxivPolitenessDelay = arxivPolitenessDelay
            self.health = health
        }
    }

    public var client: HTTPClient
    public var clock: FetchClock
    public var configuration: Configuration
    /// Per-request details at `debug` level (requests, politeness waits, results).
    public var logger: Logger

    public init(
        client: HTTPClient = .live(), clock: FetchClock = .live, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "paperdigest.fetch")
    ) {
        self.client = client
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
    }

    /// Fetches `targets` and delivers each outcome as soon as it is known.
    ///
    /// Skipped sources (next fetch time in the future) come first. Ending the iteration early
    /// cancels the fetches still running.
    /// - Parameters:
    ///   - targets: The sources to fetch.
    ///   - now: The run's time, for skip decisions and next fetch times.
    ///   - force: Fetch even sources whose next fetch time is in the future.
    public func outcomes(for targets: [FetchTarget], now: Date, force: Bool = false) -> AsyncStream<FetchOutcome> {
        let (stream, continuation) = AsyncStream.makeStream(of: FetchOutcome.self)
        let task = Task {
            await run(targets, now: now, force: force) { continuation.yield($0.outcome) }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Fetches `targets` and returns their outcomes in the order of `targets`.
    /// - Parameters:
    ///   - targets: The sources to fetch.
    ///   - now: The run's time, for skip decisions and next fetch times.
    ///   - force: Fetch even sources whose next fetch time is in the future.
    ///   - onOutcome: Called with each outcome as it completes (progress, early storage); it
    ///     may be called from several tasks at once.
    public func fetch(
        _ targets: [FetchTarget], now: Date, force: Bool = false,
        onOutcome: @escaping @Sendable (FetchOutcome) -> Void = { _ in }
    ) async -> [FetchOutcome] {
        let collected = Locked([Int: FetchOutcome]())
        await run(targets, now: now, force: force) { outcome in
            onOutcome(outcome.outcome)
            collected.withLock { $0[outcome.index] = outcome.outcome }
        }
        let results = collected.current
        return targets.indices.map { index in
            results[index] ?? cancelledOutcome(targets[index], now: now)
        }
    }

    /// Fetches one source now, ignoring politeness and its next fetch time.
    public func fetchOne(_ target: FetchTarget, now: Date) async -> FetchOutcome {
        await fetchNow(target, now: now)
    }

    // MARK: - Scheduling

    private struct Indexed: Sendable {
        var index: Int
        var outcome: FetchOutcome
    }

    private func run(
        _ targets: [FetchTarget], now: Date, force: Bool, deliver: @escaping @Sendable (Indexed) -> Void
    ) async {
        var queues: [String: [(Int, FetchTarget)]] = [:]
        var hostOrder: [String] = []
        for (index, target) in targets.enumerated() {
            guard configuration.health.isDue(target.health, now: now, force: force) else {
                deliver(Indexed(index: index, outcome: FetchOutcome(
                    target: target, status: .skipped(until: target.health.nextFetchAt ?? now),
                    health: target.health, startedAt: now)))
                continue
            }
            let key = Fetcher.hostKey(target.url)
            if queues[key] == nil { hostOrder.append(key) }
            queues[key, default: []].append((index, target))
        }
        // Longest queues first, so the slowest host does not start last.
        let ordered = hostOrder.enumerated()
            .sorted { (queues[$0.element]!.count, -$0.offset) > (queues[$1.element]!.count, -$1.offset) }
            .map { queues[$0.element]! }

        await withTaskGroup(of: Void.self) { group in
            var pending = ordered[...]
            let width = max(1, configuration.maxConcurrentHosts)
            for _ in 0..<min(width, pending.count) {
                let queue = pending.removeFirst()
                group.addTask { await runHostQueue(queue, now: now, deliver: deliver) }
            }
            while await group.next() != nil, let queue = pending.popFirst() {
                group.addTask { await runHostQueue(queue, now: now, deliver: deliver) }
            }
        }
    }

    /// One host's sources, one at a time, with the politeness pause between the end of one
    /// request and the start of the next.
    private func runHostQueue(
        _ queue: [(Int, FetchTarget)], now: Date, deliver: @Sendable (Indexed) -> Void
    ) async {
        let delay = queue.map { politenessDelay(for: $0.1) }.max() ?? 0
        var lastEnd: Date?
        for (index, target) in queue {
            if Task.isCancelled {
                deliver(Indexed(index: index, outcome: cancelledOutcome(target, now: now)))
                continue
            }
            if let lastEnd {
                let wait = delay - clock.now().timeIntervalSince(lastEnd)
                if wait > 0 {
                    logger.debug("politeness: waiting \(formatSeconds(wait)) before \(target.url)")
                    do {
                        try await clock.sleep(wait)
                    } catch {
                        deliver(Indexed(index: index, outcome: cancelledOutcome(target, now: now)))
                        continue
                    }
                }
            }
            let outcome = await fetchNow(target, now: now)
            lastEnd = clock.now()
            logger.debug("\(target.url): \(Fetcher.summary(of: outcome))")
            deliver(Indexed(index: index, outcome: outcome))
        }
    }

    func politenessDelay(for target: FetchTarget) -> Double {
        if let delay = target.politenessDelay { return delay }
        return Fetcher.isArxivHost(target.url)
            ? configuration.arxivPolitenessDelay : configuration.defaultPolitenessDelay
    }

    /// Requests with the same key share one politeness queue: the `host:port`, except that
    /// every arXiv host (`rss.`, `export.`, `arxiv.org`) is one queue, since arXiv asks for
    /// one request per 3 s from a client, whichever name it uses.
    static func hostKey(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else {
            return url
        }
        if isArxivHost(url) { return "arxiv.org" }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    static func isArxivHost(_ url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return false }
        return host == "arxiv.org" || host.hasSuffix(".arxiv.org")
    }

    // MARK: - One source

    private func fetchNow(_ target: FetchTarget, now: Date) async -> FetchOutcome {
        let startedAt = clock.now()
        let policy = configuration.health
        let result: HTTPResult
        do {
            result = try await client.get(target.url, validators: target.validators)
        } catch {
            let reason = (error as? PaperDigestError)?.reason ?? String(describing: error)
            return FetchOutcome(
                target: target, status: .failed(reason: reason),
                health: policy.afterFailure(target.health, httpStatus: nil, now: now),
                elapsed: clock.now().timeIntervalSince(startedAt), startedAt: startedAt)
        }
        let response = result.response
        var outcome = FetchOutcome(
            target: target, status: .notModified, permanentRedirect: result.permanentURL,
            httpStatus: response.status, health: policy.afterSuccess(), bytes: response.body.count,
            elapsed: result.elapsed, startedAt: startedAt)

        switch response.status {
        case 200..<300:
            let kind = DocumentSniffer.kind(of: response.body, contentType: response.contentType)
            outcome.status = .ok(FetchedDocument(
                body: response.body, contentType: response.contentType, url: response.url, kind: kind))
            outcome.validators = response.validators
        case 304:
            outcome.status = .notModified
            let fresh = response.validators
            outcome.validators = HTTPValidators(
                etag: fresh.etag ?? target.validators.etag,
                lastModified: fresh.lastModified ?? target.validators.lastModified)
        default:
            let health = policy.afterFailure(
                target.health, httpStatus: response.status, retryAfter: response.retryAfter, now: now)
            var reason = "HTTP \(response.statusDescription)"
            if response.status == 410 {
                reason += ": feed removed; source disabled"
            } else if response.status == 429 || response.status == 503, let next = health.nextFetchAt,
                      response.retryAfter != nil
            {
                reason += "; retry after \(next.formatted(.iso8601))"
            }
            outcome.status = .failed(reason: reason)
            outcome.health = health
        }
        return outcome
    }

    static func summary(of outcome: FetchOutcome) -> String {
        let timing = "\(formatBytes(outcome.bytes)) in \(String(format: "%.2f", outcome.elapsed)) s"
        switch outcome.status {
        case .ok(let document): return "HTTP \(outcome.httpStatus ?? 0) \(document.kind.rawValue), \(timing)"
        case .notModified: return "not modified, \(timing)"
        case .failed(let reason): return "failed: \(reason)"
        case .skipped(let until): return "skipped until \(until.formatted(.iso8601))"
        }
    }

    private func cancelledOutcome(_ target: FetchTarget, now: Date) -> FetchOutcome {
        FetchOutcome(
            target: target, status: .failed(reason: "cancelled before fetching"), health: target.health,
            startedAt: now)
    }
}
