import Foundation

/// One file of the site to produce: a template over a model, or bytes as they are.
struct PageJob: @unchecked Sendable {
    enum Body {
        /// `template` rendered over `model`.
        case template(String, any Encodable)
        case bytes(Data)
        /// Bytes made only when `fingerprint` differs from the last render's.
        case lazyBytes(Fingerprint, @Sendable () throws -> Data)
        /// `template` over a model made only when `fingerprint` (of what the model is made
        /// from) differs from the last render's.
        case lazyTemplate(String, @Sendable () -> Fingerprint, @Sendable () -> any Encodable & Sendable)
    }
    var path: String
    var body: Body

    init(_ path: String, template: String, model: any Encodable & Sendable) {
        self.path = path
        body = .template(template, model)
    }

    init(_ path: String, bytes: Data) {
        self.path = path
        body = .bytes(bytes)
    }

    init(_ path: String, template: String, inputs: @escaping @Sendable () -> Fingerprint, model: @escaping @Sendable () -> any Encodable & Sendable) {
        self.path = path
        body = .lazyTemplate(template, inputs, model)
    }

    init(_ path: String, fingerprint: Fingerprint, bytes: @escaping @Sendable () throws -> Data) {
        self.path = path
        body = .lazyBytes(fingerprint, bytes)
    }
}

/// What the database holds for the site, read once per render.
struct SiteSnapshot: Sendable {
    /// Newest first.
    var cards: [ItemCard]
    var sources: [SourceState]
    var itemsBySource: [Int64: [Int64]]
}

/// Decides the site's pages and fills their models. Pure: a snapshot in, jobs out.
struct SitePlanner: Sendable {
    /// The field: its items lead every digest (gated by relevance, `ItemCard.isInField`).
    static let gateTopic = Topic.fieldSlug
    static let pageSize = 25
    static let feedSize = 50

    let catalog: SiteCatalog
    let builder: CardBuilder
    let siteTitle: String
    /// Ends with `/`.
    let baseURL: String
    let now: Date
    /// The authors of the items with these ids, for the output feeds; the renderer reads
    /// them from the database, one query per feed.
    var authors: @Sendable ([Int64]) -> [Int64: [String]] = { _ in [:] }
    /// The most authors a feed entry names.
    static let feedAuthors = 20

    init(catalog: SiteCatalog, siteTitle: String, baseURL: String, now: Date) {
        self.catalog = catalog
        self.builder = CardBuilder(catalog: catalog, now: now)
        self.siteTitle = siteTitle
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.now = now
    }

    // MARK: - Frames

    enum Section: String { case digests, topics, sources, analytics, search, none }

    func frame(_ path: String, title: String, description: String, section: Section, feeds: [AlternateLink] = []) -> PageFrame {
        let sections: [(Section, String, String)] = [
            (.digests, "Digests", "digests/index.html"), (.topics, "Topics", "topics/index.html"),
            (.sources, "Sources", "sources/index.html"), (.analytics, "Analytics", "analytics.html"),
            (.search, "Search", "search.html"),
        ]
        let siteFeeds = [
            AlternateLink(title: "\(siteTitle) (RSS)", href: "feed.xml", type: "application/rss+xml"),
            AlternateLink(title: "\(siteTitle) (Atom)", href: "atom.xml", type: "application/atom+xml"),
            AlternateLink(title: "\(siteTitle) (JSON Feed)", href: "feed.json", type: "application/feed+json"),
        ]
        return PageFrame(
            siteTitle: siteTitle, title: title, description: description, root: SitePaths.root(of: path),
            canonicalURL: baseURL + (path.hasSuffix("/index.html") ? String(path.dropLast(10)) : (path == "index.html" ? "" : path)),
            nav: sections.map { NavLink(label: $0.1, href: $0.2, current: $0.0 == section) },
            feeds: feeds + siteFeeds)
    }

    // MARK: - Everything but item pages

    struct Lists {
        var cards: [CardView]
        var cardsByID: [Int64: Int]
    }

    /// Every card, built on every core (a card is built once per render and shared).
    func cardViews(_ snapshot: SiteSnapshot) -> Lists {
        let count = snapshot.cards.count
        final class Slots: @unchecked Sendable {
            var cards: [CardView?]
            init(_ n: Int) { cards = Array(repeating: nil, count: n) }
        }
        let slots = Slots(count)
        let chunks = max(1, min(count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let builder = self.builder
        slots.cards.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: count == 0 ? 0 : chunks) { chunk in
                var reuse = CardBuilder.Reuse()
                for i in (chunk * count / chunks)..<((chunk + 1) * count / chunks) {
                    out[i] = builder.card(snapshot.cards[i], reusing: &reuse)  // each slot written by one chunk only
                }
            }
        }
        var byID: [Int64: Int] = [:]
        byID.reserveCapacity(count)
        for (i, item) in snapshot.cards.enumerated() { byID[item.id] = i }
        return Lists(cards: slots.cards.map { $0! }, cardsByID: byID)
    }

    /// The site's pages and feeds except `items/<id>.html`, which `itemPages` makes in batches.
    func plan(_ snapshot: SiteSnapshot, lists: Lists) -> [PageJob] {
        var jobs: [PageJob] = []
        let topicSummaries = topicSummaries(snapshot)
        jobs += digestPages(snapshot, lists: lists, topTopics: topicSummaries)
        jobs += topicPages(snapshot, lists: lists, summaries: topicSummaries)
        jobs += sourcePages(snapshot, lists: lists)
        jobs.append(analyticsPage(snapshot))
        jobs.append(searchPage(snapshot))
        jobs.append(notFoundPage())
        jobs += feeds(snapshot)
        return jobs
    }

    /// Pages a sitemap leaves out.
    static let unlisted: Set<String> = ["404.html"]

    // MARK: - Digests

    private struct Period: Sendable {
        var key: String
        var title: String
        var indices: [Int]
        /// Of a day: its number and its week's key.
        var dayNumber = 0
        var weekKey = ""
    }

    /// What every page's frame shares: the site's title and address.
    var siteBase: Fingerprint {
        var base = Fingerprint()
        base.combine(siteTitle)
        base.combine(baseURL)
        return base
    }

    /// Combines what a list page shows of the cards at `indices` and what orders them: each
    /// card's fingerprint, its score and its relevance to the field.
    private func combineCards(_ indices: some Sequence<Int>, _ snapshot: SiteSnapshot, _ lists: Lists, into f: inout Fingerprint) {
        for i in indices {
            f.combine(lists.cards[i].precomputedFingerprint ?? 0)
            let card = snapshot.cards[i]
            f.combine(UInt64(bitPattern: Int64(card.classification?.score ?? 0)))
            f.combine(card.fieldRelevance.bitPattern)
            f.combine(card.isInField ? 1 : 0)
        }
    }

    private func digestBody(_ period: Period, snapshot: SiteSnapshot, lists: Lists, limit: Int?) -> DigestBody {
        var highlights: [Int] = []
        var others: [Int] = []
        for i in period.indices {
            if snapshot.cards[i].isInField { highlights.append(i) } else { others.append(i) }
        }
        // Best first: by score, then by relevance to the field, then newest.
        func byScore(_ a: Int, _ b: Int) -> Bool {
            let ca = snapshot.cards[a], cb = snapshot.cards[b]
            let sa = ca.classification?.score ?? 0, sb = cb.classification?.score ?? 0
            if sa != sb { return sa > sb }
            let ra = ca.fieldRelevance, rb = cb.fieldRelevance
            return ra != rb ? ra > rb : a < b
        }
        highlights.sort(by: byScore)
        others.sort(by: byScore)
        if let limit {
            highlights = Array(highlights.prefix(limit))
            others = Array(others.prefix(limit))
        }
        let total = period.indices.count
        let gated = period.indices.reduce(0) { $0 + (snapshot.cards[$1].isInField ? 1 : 0) }
        var countLine = "\(total) \(total == 1 ? "item" : "items") · \(gated) tagged #\(Self.gateTopic)"
        if limit != nil, highlights.count + others.count < total {
            countLine += " · the top \(highlights.count + others.count) shown; the daily digests list every item"
        }
        return DigestBody(
            heading: period.title, countLine: countLine,
            highlights: highlights.map { lists.cards[$0] }, others: others.map { lists.cards[$0] },
            previousDigest: nil, nextDigest: nil, related: [], relatedLabel: "")
    }

    /// Days and weeks, newest first (cards are newest first), and the days of each week.
    private func periods(_ snapshot: SiteSnapshot) -> (days: [Period], weeks: [Period], dayOfWeek: [String: [Int]]) {
        var days: [Period] = []
        var weeks: [Period] = []
        var dayOfWeek: [String: [Int]] = [:]  // week key → indices into days
        var weekIndex: [String: Int] = [:]
        var currentDay = Int.min, currentWeek = 0
        for (i, card) in snapshot.cards.enumerated() {
            let day = SiteDate.dayNumber(card.date)
            if day != currentDay {
                currentDay = day
                let weekKey = SiteDate.weekKey(dayNumber: day)
                days.append(Period(
                    key: SiteDate.isoDay(card.date), title: "Digest for " + SiteDate.long(card.date), indices: [],
                    dayNumber: day, weekKey: weekKey))
                if let known = weekIndex[weekKey] {
                    currentWeek = known
                } else {
                    let start = SiteDate.date(dayNumber: SiteDate.weekStart(dayNumber: day))
                    let end = SiteDate.date(dayNumber: SiteDate.weekStart(dayNumber: day) + 6)
                    currentWeek = weeks.count
                    weekIndex[weekKey] = currentWeek
                    weeks.append(Period(
                        key: weekKey, title: "Week \(weekKey): \(SiteDate.short(start)) – \(SiteDate.short(end))", indices: []))
                }
                dayOfWeek[weekKey, default: []].append(days.count - 1)
            }
            days[days.count - 1].indices.append(i)
            weeks[currentWeek].indices.append(i)
        }
        return (days, weeks, dayOfWeek)
    }

    private func digestPages(_ snapshot: SiteSnapshot, lists: Lists, topTopics: [TopicSummary]) -> [PageJob] {
        let (days, weeks, dayOfWeek) = periods(snapshot)
        var jobs: [PageJob] = []
        let base = siteBase
        let planner = self
        @Sendable func dayLabel(_ d: Int) -> String { SiteDate.long(SiteDate.date(dayNumber: days[d].dayNumber)) }
        @Sendable func dayBody(_ n: Int) -> DigestBody {
            let planner = self
            var body = planner.digestBody(days[n], snapshot: snapshot, lists: lists, limit: nil)
            if n + 1 < days.count { body.previousDigest = PageLink(label: dayLabel(n + 1), href: SitePaths.day(days[n + 1].key)) }
            if n > 0 { body.nextDigest = PageLink(label: dayLabel(n - 1), href: SitePaths.day(days[n - 1].key)) }
            body.related = [PageLink(label: "Week \(days[n].weekKey)", href: SitePaths.day(days[n].weekKey))]
            body.relatedLabel = "This day's week"
            return body
        }
        // Each digest page is made only when what it shows changed: its cards (and what
        // orders them), its neighbours, its week.
        for (n, day) in days.enumerated() {
            let path = SitePaths.day(day.key)
            let neighbours = (n + 1 < days.count ? days[n + 1].key : "") + " " + (n > 0 ? days[n - 1].key : "")
            jobs.append(PageJob(path, template: "pages/digest", inputs: {
                var f = base
                f.combine(path)
                f.combine(day.title)
                f.combine(neighbours)
                f.combine(day.weekKey)
                planner.combineCards(day.indices, snapshot, lists, into: &f)
                return f
            }, model: {
                let body = dayBody(n)
                return DigestPage(frame: planner.frame(path, title: day.title, description: body.countLine, section: .digests), digest: body)
            }))
        }
        for (n, week) in weeks.enumerated() {
            let path = SitePaths.day(week.key)
            let previous = n + 1 < weeks.count ? weeks[n + 1].key : nil
            let next = n > 0 ? weeks[n - 1].key : nil
            let weekDays = (dayOfWeek[week.key] ?? []).reversed().map { d in PageLink(label: dayLabel(d), href: SitePaths.day(days[d].key)) }
            jobs.append(PageJob(path, template: "pages/digest", inputs: {
                var f = base
                f.combine(path)
                f.combine(week.title)
                f.combine((previous ?? "") + " " + (next ?? ""))
                for link in weekDays { f.combine(link.href) }
                planner.combineCards(week.indices, snapshot, lists, into: &f)
                return f
            }, model: {
                var body = planner.digestBody(week, snapshot: snapshot, lists: lists, limit: 25)
                if let previous { body.previousDigest = PageLink(label: "Week \(previous)", href: SitePaths.day(previous)) }
                if let next { body.nextDigest = PageLink(label: "Week \(next)", href: SitePaths.day(next)) }
                body.related = weekDays
                body.relatedLabel = "Days of this week"
                return DigestPage(frame: planner.frame(path, title: week.title, description: body.countLine, section: .digests), digest: body)
            }))
        }
        // The archive.
        let archive = DigestArchivePage(
            frame: frame("digests/index.html", title: "Digests", description: "Every daily and weekly digest, newest first.", section: .digests),
            weeks: weeks.map { week in
                DigestArchivePage.Week(
                    link: PageLink(label: week.title, href: SitePaths.day(week.key)), count: week.indices.count,
                    days: (dayOfWeek[week.key] ?? []).map { d in
                        DigestArchivePage.Day(link: PageLink(label: dayLabel(d), href: SitePaths.day(days[d].key)), count: days[d].indices.count)
                    })
            })
        jobs.append(PageJob("digests/index.html", template: "pages/digests", model: archive))
        // Today: the newest day not after `now`.
        let today = SiteDate.dayNumber(now)
        let todayIndex = days.firstIndex { $0.dayNumber <= today } ?? (days.isEmpty ? nil : 0)
        var body: DigestBody
        if let todayIndex {
            body = dayBody(todayIndex)
            if days[todayIndex].dayNumber == today {
                body.heading = "Today: " + SiteDate.long(now)
            }
        } else {
            body = DigestBody(heading: "No items yet", countLine: "The next run will fill this page.", highlights: [], others: [],
                              previousDigest: nil, nextDigest: nil, related: [], relatedLabel: "")
        }
        let recent = days.indices.prefix(7).map { d in PageLink(label: dayLabel(d), href: SitePaths.day(days[d].key)) }
        jobs.append(PageJob("index.html", template: "pages/index", model: IndexPage(
            frame: frame("index.html", title: body.heading, description: "Today's mechanistic-interpretability papers and posts, best first.", section: .none),
            digest: body, recentDigests: Array(recent),
            topTopics: Array(topTopics.filter { $0.count > 0 }.sorted { $0.count > $1.count }.prefix(8)))))
        return jobs
    }

    // MARK: - Topics

    private func topicSlugs(_ snapshot: SiteSnapshot) -> [String] {
        var slugs = catalog.topics.map(\.slug)
        var known = Set(slugs)
        for card in snapshot.cards {
            for tag in card.classification?.tags ?? [] where !known.contains(tag.slug) {
                known.insert(tag.slug)
                slugs.append(tag.slug)
            }
        }
        return slugs
    }

    func topicSummaries(_ snapshot: SiteSnapshot) -> [TopicSummary] {
        var counts: [String: Int] = [:]
        for card in snapshot.cards {
            for tag in card.classification?.tags ?? [] { counts[tag.slug, default: 0] += 1 }
        }
        return topicSlugs(snapshot).map { slug in
            let topic = builder.topic(slug)
            let count = counts[slug] ?? 0
            return TopicSummary(
                slug: slug, title: topic.title, emoji: topic.emoji, description: topic.description, count: count,
                countText: "\(count) \(count == 1 ? "article" : "articles")",
                href: SitePaths.topic(slug, page: 1), feedHref: "topics/\(slug)/feed.xml", atomHref: "topics/\(slug)/atom.xml")
        }
    }

    func pagination(pages: Int, current: Int, label: String, path: (Int) -> String) -> Pagination? {
        guard pages > 1 else { return nil }
        var entries: [Pagination.Entry] = []
        var lastShown = 0
        for n in 1...pages where n == 1 || n == pages || abs(n - current) <= 2 {
            if n - lastShown > 1 { entries.append(.init(number: 0, href: "", current: false, gap: true)) }
            entries.append(.init(number: n, href: path(n), current: n == current, gap: false))
            lastShown = n
        }
        return Pagination(
            label: label,
            previousPage: current > 1 ? PageLink(label: "Newer", href: path(current - 1)) : nil,
            nextPage: current < pages ? PageLink(label: "Older", href: path(current + 1)) : nil,
            entries: entries, position: "Page \(current) of \(pages)")
    }

    /// The pages of a list of cards (a topic's, a source's), `pageSize` to a page, newest
    /// first. Each page is made only when its cards, the list's own `inputs` (its topic or
    /// source) or the number of pages changed.
    private func pagedJobs(
        _ indices: [Int], snapshot: SiteSnapshot, lists: Lists, template: String, inputs: Fingerprint, label: String,
        path: @escaping @Sendable (Int) -> String,
        model: @escaping @Sendable (
            _ planner: SitePlanner, _ path: String, _ page: Int, _ cards: [CardView], _ pagination: Pagination?
        ) -> any Encodable & Sendable
    ) -> [PageJob] {
        let pages = max(1, (indices.count + Self.pageSize - 1) / Self.pageSize)
        let planner = self
        return (1...pages).map { page in
            let pagePath = path(page)
            let slice = indices.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
            return PageJob(pagePath, template: template, inputs: {
                var f = inputs
                f.combine(pagePath)
                f.combine(UInt64(pages))
                planner.combineCards(slice, snapshot, lists, into: &f)
                return f
            }, model: {
                model(
                    planner, pagePath, page, slice.map { lists.cards[$0] },
                    planner.pagination(pages: pages, current: page, label: label, path: path))
            })
        }
    }

    private func topicPages(_ snapshot: SiteSnapshot, lists: Lists, summaries: [TopicSummary]) -> [PageJob] {
        var members: [String: [Int]] = [:]
        for (i, card) in snapshot.cards.enumerated() {
            for tag in card.classification?.tags ?? [] { members[tag.slug, default: []].append(i) }
        }
        var jobs: [PageJob] = [PageJob("topics/index.html", template: "pages/topics", model: TopicsIndexPage(
            frame: frame("topics/index.html", title: "Topics", description: "Every topic tag, with how many articles carry it.", section: .topics),
            topicList: summaries))]
        for summary in summaries {
            let indices = members[summary.slug] ?? []
            let countLine = "\(indices.count) \(indices.count == 1 ? "article" : "articles") tagged with #\(summary.slug)"
            let topicFeeds = [
                AlternateLink(title: "#\(summary.slug) (RSS)", href: summary.feedHref, type: "application/rss+xml"),
                AlternateLink(title: "#\(summary.slug) (Atom)", href: summary.atomHref, type: "application/atom+xml"),
            ]
            jobs += pagedJobs(
                indices, snapshot: snapshot, lists: lists, template: "pages/topic", inputs: Fingerprint(of: summary, seed: siteBase),
                label: "Pages of #\(summary.slug)", path: { SitePaths.topic(summary.slug, page: $0) }
            ) { planner, path, page, cards, pagination in
                TopicPage(
                    frame: planner.frame(
                        path, title: summary.emoji + " " + summary.title + (page > 1 ? " (page \(page))" : ""),
                        description: countLine, section: .topics, feeds: topicFeeds),
                    topic: summary, countLine: countLine, cards: cards, pagination: pagination)
            }
            let recent = indices.prefix(Self.feedSize).map { snapshot.cards[$0] }
            let feed = feedModel(
                title: "\(siteTitle): #\(summary.slug)", description: summary.description.isEmpty ? countLine : summary.description,
                sitePath: summary.href, rssPath: summary.feedHref, atomPath: summary.atomHref, cards: recent)
            jobs.append(PageJob(summary.feedHref, template: "feeds/rss", model: feed))
            jobs.append(PageJob(summary.atomHref, template: "feeds/atom", model: feed))
        }
        return jobs
    }

    // MARK: - Sources

    func sourceHealth(_ state: SourceState) -> SourceHealthView {
        let tone: String, symbol: String, text: String
        if let reason = state.disabledReason {
            (tone, symbol, text) = ("status-disabled", "⏸", "Disabled: \(reason)")
        } else if !state.source.isEnabled {
            (tone, symbol, text) = ("status-disabled", "⏸", "Not fetched (disabled in sources.opml)")
        } else if state.lastFetchedAt == nil {
            (tone, symbol, text) = ("status-never", "–", "Not fetched yet")
        } else if state.consecutiveFailures > 0 {
            let status = state.lastStatus.map { "HTTP \($0)" } ?? "no response"
            (tone, symbol, text) = ("status-failing", "✗", "Failing (\(status))")
        } else {
            let status = state.lastStatus.map { $0 == 304 ? "not modified" : "HTTP \($0)" } ?? "OK"
            (tone, symbol, text) = ("status-ok", "✓", "OK (\(status))")
        }
        return SourceHealthView(
            slug: state.source.slug, title: state.source.title.cleanedText, kind: state.source.kind.rawValue,
            href: SitePaths.source(state.source.slug, page: 1), feedURL: state.fetchURL, siteURL: state.source.siteURL,
            lastFetchISO: state.lastFetchedAt.map(SiteDate.rfc3339),
            lastFetchText: state.lastFetchedAt.map { SiteDate.relative($0, now: now) + " (" + SiteDate.short($0) + ")" } ?? "never",
            statusText: text, statusTone: tone, statusSymbol: symbol, failures: state.consecutiveFailures,
            itemCount: state.itemCount, lastError: state.consecutiveFailures > 0 ? state.lastError?.cleanedText : nil)
    }

    private func sourcePages(_ snapshot: SiteSnapshot, lists: Lists) -> [PageJob] {
        let healths = snapshot.sources.map(sourceHealth)
        var jobs: [PageJob] = [PageJob("sources/index.html", template: "pages/sources", model: SourcesIndexPage(
            frame: frame("sources/index.html", title: "Sources", description: "Every followed feed and how fetching it goes.", section: .sources),
            sourceList: healths, opmlHref: "sources.opml"))]
        for (state, health) in zip(snapshot.sources, healths) {
            let indices = (snapshot.itemsBySource[state.id] ?? []).compactMap { lists.cardsByID[$0] }.sorted()
            let countLine = "\(indices.count) \(indices.count == 1 ? "item" : "items") from \(health.title)"
            let slug = state.source.slug
            jobs += pagedJobs(
                indices, snapshot: snapshot, lists: lists, template: "pages/source", inputs: Fingerprint(of: health, seed: siteBase),
                label: "Pages of \(health.title)", path: { SitePaths.source(slug, page: $0) }
            ) { planner, path, page, cards, pagination in
                SourcePage(
                    frame: planner.frame(path, title: health.title + (page > 1 ? " (page \(page))" : ""), description: countLine, section: .sources),
                    source: health, countLine: countLine, cards: cards, pagination: pagination)
            }
        }
        return jobs
    }

    // MARK: - Analytics and search

    private func analyticsPage(_ snapshot: SiteSnapshot) -> PageJob {
        let charts = ChartBuilder(builder: builder, now: now)
        let classified = snapshot.cards.reduce(0) { $0 + ($1.classification == nil ? 0 : 1) }
        let gated = snapshot.cards.reduce(0) { $0 + ($1.isInField ? 1 : 0) }
        let page = AnalyticsPage(
            frame: frame("analytics.html", title: "Analytics", description: "Items per day, sentiment per week, topics and labs over time.", section: .analytics),
            totals: [
                .init(label: "Items", value: "\(snapshot.cards.count)"),
                .init(label: "Classified", value: "\(classified)"),
                .init(label: "Tagged #\(Self.gateTopic)", value: "\(gated)"),
                .init(label: "Sources", value: "\(snapshot.sources.count)"),
            ],
            charts: charts.charts(snapshot.cards))
        return PageJob("analytics.html", template: "pages/analytics", model: page)
    }

    /// `404.html`. A host shows it at the missing address, at any depth, so its links start
    /// from the path of the base URL (`/digest/`) instead of going up from where it is.
    private func notFoundPage() -> PageJob {
        var frame = self.frame(
            "404.html", title: "Page not found",
            description: "Nothing is published at this address: the page may have moved, or the link may be mistyped.",
            section: .none)
        let path = URLComponents(string: baseURL)?.path ?? ""
        frame.root = path.hasSuffix("/") ? path : path + "/"
        frame.canonicalURL = nil
        frame.noIndex = true
        return PageJob("404.html", template: "pages/404", model: NotFoundPage(frame: frame, links: [
            PageLink(label: "Today's digest", href: "index.html"),
            PageLink(label: "Every daily and weekly digest", href: "digests/index.html"),
            PageLink(label: "Topics", href: "topics/index.html"),
            PageLink(label: "Sources", href: "sources/index.html"),
            PageLink(label: "Search", href: "search.html"),
        ]))
    }

    private func searchPage(_ snapshot: SiteSnapshot) -> PageJob {
        PageJob("search.html", template: "pages/search", model: SearchPage(
            frame: frame("search.html", title: "Search", description: "Search titles, authors and tags.", section: .search),
            indexHref: "search-index.json", scriptIndexHref: "search-index.js", itemCount: snapshot.cards.count))
    }

    /// What `searchIndex` is made from: the cards (their fingerprints) and the items' rows
    /// (their digests, which cover the authors).
    func searchIndexFingerprint(_ lists: Lists, digests: [Int64: UInt64]) -> Fingerprint {
        var fingerprint = Fingerprint()
        for card in lists.cards {
            fingerprint.combine(card.precomputedFingerprint ?? Fingerprint(of: card).value)
            fingerprint.combine(digests[card.id] ?? 0)
        }
        return fingerprint
    }

    /// "Ada Lovelace, Alan Turing", or the first three names and "et al.".
    static func authorLine(_ names: [String]) -> String {
        names.count > 3 ? names.prefix(3).joined(separator: ", ") + " et al." : names.joined(separator: ", ")
    }

    /// `search-index.json`: one compact record per item, newest first. Written by hand:
    /// `JSONSerialization` with sorted keys took a third of a render.
    func searchIndex(_ snapshot: SiteSnapshot, lists: Lists, authors: [Int64: String]) -> Data {
        func quoted(_ s: String) -> Substring { JSONStrings.encode([s]).dropFirst().dropLast() }
        func array(_ strings: [String]) -> String { JSONStrings.encode(strings) }
        var out = "["
        out.reserveCapacity(snapshot.cards.count * 200)
        for (n, (card, view)) in zip(snapshot.cards, lists.cards).enumerated() {
            if n > 0 { out += ",\n" }
            out += "{\"i\":\(card.id),\"t\":" + quoted(view.title) + ",\"d\":\"" + view.dateISO + "\",\"o\":" + quoted(view.sourceLabel)
            out += ",\"g\":" + array(card.classification?.tags.map(\.slug) ?? [])
            out += ",\"e\":" + array(card.classification?.entities ?? [])
            if let names = authors[card.id], !names.isEmpty { out += ",\"a\":" + quoted(names) }
            if let c = card.classification {
                out += ",\"s\":\(max(1, min(10, c.score)))"
                if let sentiment = c.sentiment { out += ",\"m\":\"" + sentiment.rawValue + "\"" }
            }
            out += "}"
        }
        out += "]\n"
        return Data(out.utf8)
    }

    // MARK: - Feeds

    func feedEntry(_ card: ItemCard, authors: [String] = []) -> FeedEntry {
        var categories: [FeedEntryCategory] = []
        if let c = card.classification {
            if let sentiment = c.sentiment {
                categories.append(.init(domain: "sentiment", term: sentiment.rawValue, label: "Sentiment: \(sentiment.rawValue)", scheme: baseURL + "sentiment"))
            }
            let score = max(1, min(10, c.score))
            categories.append(.init(domain: "score", term: "\(score)", label: "Score: \(score)/10", scheme: baseURL + "score"))
            for tag in c.tags {
                categories.append(.init(domain: "topic", term: tag.slug, label: builder.topic(tag.slug).title, scheme: baseURL + "topics/"))
            }
            for entity in c.entities {
                categories.append(.init(domain: "entity", term: entity, label: builder.entityName(entity), scheme: baseURL + "entities"))
            }
        }
        let view = builder.card(card)
        return FeedEntry(
            link: baseURL + SitePaths.item(card.id), originalURL: Self.webAddress(card.url), title: card.title.cleanedText,
            summary: view.summary,
            publishedRFC822: SiteDate.rfc822(card.date), publishedRFC3339: SiteDate.rfc3339(card.date),
            updatedRFC3339: SiteDate.rfc3339(card.date), authors: authors, categories: categories)
    }

    func feedModel(title: String, description: String, sitePath: String, rssPath: String, atomPath: String, cards: [ItemCard]) -> FeedModel {
        let newest = cards.map(\.date).max() ?? Date(timeIntervalSince1970: 0)
        let names = authors(cards.map(\.id))
        return FeedModel(
            title: title, description: description,
            siteURL: baseURL + (sitePath.hasSuffix("index.html") ? String(sitePath.dropLast(10)) : sitePath),
            rssURL: baseURL + rssPath, atomURL: baseURL + atomPath,
            updatedRFC822: SiteDate.rfc822(newest), updatedRFC3339: SiteDate.rfc3339(newest),
            generator: "PaperDigest \(PaperDigestVersion.current)",
            entries: cards.map { card in
                feedEntry(card, authors: (names[card.id] ?? []).prefix(Self.feedAuthors).map(\.cleanedText).filter { !$0.isEmpty })
            })
    }

    private func feeds(_ snapshot: SiteSnapshot) -> [PageJob] {
        let recent = Array(snapshot.cards.prefix(Self.feedSize))
        let description = "New papers and posts in mechanistic interpretability, with topic tags, sentiment and a score."
        let feed = feedModel(title: siteTitle, description: description, sitePath: "index.html", rssPath: "feed.xml", atomPath: "atom.xml", cards: recent)
        var jobs = [
            PageJob("feed.xml", template: "feeds/rss", model: feed),
            PageJob("atom.xml", template: "feeds/atom", model: feed),
            PageJob("feed.json", bytes: jsonFeed(feed, cards: recent)),
            PageJob("robots.txt", template: "feeds/robots", model: RobotsModel(sitemapURL: baseURL + "sitemap.xml")),
        ]
        jobs.append(PageJob("sources.opml", template: "feeds/opml", model: OPMLModel(
            title: siteTitle + ": sources",
            outlines: snapshot.sources.filter { $0.source.isEnabled && $0.disabledReason == nil }.map {
                .init(title: $0.source.title.cleanedText, xmlURL: $0.fetchURL, htmlURL: $0.source.siteURL, kind: $0.source.kind.rawValue)
            })))
        return jobs
    }

    /// JSON Feed 1.1, with sentiment and score in a `_paperdigest` extension and as tags.
    func jsonFeed(_ feed: FeedModel, cards: [ItemCard]) -> Data {
        var items: [[String: Any]] = []
        for (entry, card) in zip(feed.entries, cards) {
            var item: [String: Any] = [
                "id": entry.link, "url": entry.link, "title": entry.title, "content_text": entry.summary,
                "summary": entry.summary, "date_published": entry.publishedRFC3339,
                "tags": entry.categories.map { $0.domain == "topic" || $0.domain == "entity" ? $0.term : "\($0.domain):\($0.term)" },
            ]
            if let original = entry.originalURL { item["external_url"] = original }
            if !entry.authors.isEmpty { item["authors"] = entry.authors.map { ["name": $0] } }
            if let c = card.classification {
                var ext: [String: Any] = ["score": max(1, min(10, c.score)), "tags": c.tags.map(\.slug)]
                if let sentiment = c.sentiment { ext["sentiment"] = sentiment.rawValue }
                item["_paperdigest"] = ext
            }
            items.append(item)
        }
        let object: [String: Any] = [
            "version": "https://jsonfeed.org/version/1.1", "title": feed.title, "home_page_url": feed.siteURL,
            "feed_url": baseURL + "feed.json", "description": feed.description, "language": "en", "items": items,
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
    }

    /// `sitemap.xml` for the pages at `paths`: one URL set, or an index of sets of 50,000.
    /// Each set is fingerprinted by its paths and made only when they changed.
    func sitemaps(_ paths: [String]) -> [PageJob] {
        let sorted = paths.sorted()
        let baseURL = self.baseURL
        func urlSet(_ name: String, _ slice: ArraySlice<String>) -> PageJob {
            var paths = Fingerprint()
            paths.combine(baseURL)
            for path in slice { paths.combine(path) }
            let inputs = paths
            return PageJob(name, template: "feeds/sitemap", inputs: { inputs }) {
                SitemapModel(entries: slice.map { path in
                    SitemapModel.Entry(loc: baseURL + (path == "index.html" ? "" : path.hasSuffix("/index.html") ? String(path.dropLast(10)) : path), lastmod: nil)
                })
            }
        }
        let chunk = 50_000
        guard sorted.count > chunk else { return [urlSet("sitemap.xml", sorted[...])] }
        var jobs: [PageJob] = []
        var index: [SitemapModel.Entry] = []
        for (n, start) in stride(from: 0, to: sorted.count, by: chunk).enumerated() {
            let name = "sitemap-\(n + 1).xml"
            jobs.append(urlSet(name, sorted[start..<min(start + chunk, sorted.count)]))
            index.append(.init(loc: baseURL + name, lastmod: nil))
        }
        jobs.append(PageJob("sitemap.xml", template: "feeds/sitemap-index", model: SitemapModel(entries: index)))
        return jobs
    }

    // MARK: - Item pages

    struct Related: Sendable {
        var id: Int64
        var similarity: Float
    }

    /// What the site's sources look like on item pages ("Seen in", the card's source), by
    /// source id: a digest of each one's slug, title and kind.
    func sourceDigests(_ snapshot: SiteSnapshot) -> [Int64: UInt64] {
        var digests: [Int64: UInt64] = [:]
        for state in snapshot.sources {
            var f = Fingerprint()
            f.combine(state.source.slug)
            f.combine(state.source.title)
            f.combine(state.source.kind.rawValue)
            digests[state.id] = f.value
        }
        return digests
    }

    /// What an item page is made from, without reading the item: the digest of its stored
    /// row and newest classification (`AppDatabase.visitItemPageContents`), the sources
    /// that carried it, its card and its related papers' cards, and the site's title and
    /// address. Equal inputs give the same page.
    ///
    /// - Parameters:
    ///   - base: the fingerprint of what every page shares (`siteBase`).
    ///   - sources: the ids of the sources that carried the item, in a stable order.
    func itemPageInputs(
        _ id: Int64, content: UInt64, base: Fingerprint, lists: Lists, related: [Related], sources: [Int64],
        sourceDigests: [Int64: UInt64]
    ) -> Fingerprint {
        var inputs = base
        inputs.combine(content)
        if let index = lists.cardsByID[id] { inputs.combine(lists.cards[index].precomputedFingerprint ?? 0) }
        for r in related {
            inputs.combine(UInt64(bitPattern: r.id))
            inputs.combine(UInt64(r.similarity.bitPattern))
            if let index = lists.cardsByID[r.id] { inputs.combine(lists.cards[index].precomputedFingerprint ?? 0) }
        }
        for source in sources {
            inputs.combine(UInt64(bitPattern: source))
            inputs.combine(sourceDigests[source] ?? 0)
        }
        return inputs
    }

    func itemPage(_ item: Item, lists: Lists, related: [Related], sanitize: HTMLFragmentSanitizer?) -> PageJob {
        let path = SitePaths.item(item.card.id)
        let card = lists.cardsByID[item.card.id].map { lists.cards[$0] } ?? builder.card(item.card)
        var links: [ItemPage.ExternalLink] = []
        if let arxiv = item.card.arxivID {
            let version = item.arxivVersion.map { "v\($0)" } ?? ""
            links.append(.init(label: "arXiv abstract", url: "https://arxiv.org/abs/\(arxiv)\(version)"))
            links.append(.init(label: "PDF", url: "https://arxiv.org/pdf/\(arxiv)\(version)"))
        } else if let url = Self.webAddress(item.card.url) {
            links.append(.init(label: "Read on \(card.sourceLabel)", url: url))
        }
        if let doi = item.doi { links.append(.init(label: "DOI \(doi)", url: "https://doi.org/\(doi)")) }
        var abstractHTML: String?
        var contentHTML: String?
        if item.card.arxivID == nil, let sanitize {
            abstractHTML = item.summaryHTML.map { sanitize($0, item.card.url) }.flatMap { $0.trimmedWhitespace.isEmpty ? nil : $0 }
            contentHTML = item.contentHTML.map { sanitize($0, item.card.url) }.flatMap { $0.trimmedWhitespace.isEmpty ? nil : $0 }
        }
        var abstractText = abstractHTML == nil ? item.summaryText?.cleanedText.nilIfEmpty : nil
        // A feed's summary that is only the title again is no abstract. (Checked only when
        // it is about as short as the title: every item page passes here.)
        if contentHTML == nil, let summary = item.summaryText, !summary.isEmpty,
            summary.utf8.count <= item.card.title.utf8.count + 16,
            case let words = ExtractiveSummarizer.plainWords(summary), !words.isEmpty,
            ExtractiveSummarizer.onlyRepeats(words, title: item.card.title)
        {
            abstractHTML = nil
            abstractText = nil
        }
        let probabilities = ["bullish", "neutral", "bearish"].compactMap { word in
            item.sentimentProbabilities[word].map { ItemPage.Probability(word: word, percent: "\(Int(($0 * 100).rounded()))%") }
        }
        let relatedItems: [ItemPage.RelatedItem] = related.compactMap { r in
            guard let index = lists.cardsByID[r.id] else { return nil }
            let other = lists.cards[index]
            return .init(href: other.href, title: other.title, dateISO: other.dateISO, dateText: other.dateText,
                         similarity: String(format: "%.2f", Double(r.similarity)))
        }
        let model = ItemPage(
            frame: frame(
                path, title: card.title, description: card.summary.isEmpty ? "\(card.title), from \(card.sourceLabel)" : card.summary,
                section: .none),
            card: card,
            authorLine: item.authors.isEmpty ? nil : item.authors.map(\.cleanedText).joined(separator: ", "),
            categoryList: item.card.categories,
            links: links,
            abstractHTML: abstractHTML,
            abstractText: abstractText,
            contentHTML: contentHTML,
            comment: item.comment?.cleanedText.nilIfEmpty,
            journalReference: item.journalReference?.cleanedText.nilIfEmpty,
            versionText: item.arxivVersion.map { "Version \($0)" },
            seenIn: item.sources.map { PageLink(label: $0.title.cleanedText, href: SitePaths.source($0.slug, page: 1)) },
            explanations: ExplanationText.groups(item.explanationJSON),
            probabilities: probabilities,
            classifiedWith: item.card.classification.map { "Read by heads \($0.headsVersion) on \(SiteDate.short($0.classifiedAt))" },
            relatedItems: relatedItems)
        return PageJob(path, template: "pages/item", model: model)
    }
}

extension SitePlanner {
    /// `url` when it is an absolute `http` or `https` address, else `nil`.
    ///
    /// An item's link is whatever its feed said: `javascript:`, `data:` or a bare word would
    /// run script or mean nothing once a page or an output feed links it, so only web
    /// addresses are linked and republished.
    /// Read as a browser reads the start of an address, not with `URLComponents`, which
    /// refuses real addresses holding spaces or non-ASCII letters.
    static func webAddress(_ url: String?) -> String? {
        guard let url = url?.trimmedWhitespace else { return nil }
        let start = url.prefix(8).lowercased()
        let schemeLength = start.hasPrefix("https://") ? 8 : start.hasPrefix("http://") ? 7 : 0
        guard schemeLength > 0, let host = url.dropFirst(schemeLength).first, !"/\\?#".contains(host) else { return nil }
        return url
    }
}

/// Turns third-party HTML and the page it came from into HTML that is safe to show.
typealias HTMLFragmentSanitizer = @Sendable (_ html: String, _ baseURL: String?) -> String

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
