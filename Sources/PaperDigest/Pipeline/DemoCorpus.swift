import Foundation

/// Real papers and posts from `shared/corpus` put into a database, for demo sites, site
/// checks and the render benchmark. Classifications come from the hand labels in
/// `Data/labels.jsonl` (heads version `labels`), never made up: items nobody labelled stay
/// unclassified, as they would be before the classify step.
public struct DemoCorpus: Sendable {
    /// A paper or post as the corpus files hold it.
    public struct Record: Sendable {
        public var draft: ItemDraft
        /// `arxiv` for papers, the lab's name for posts.
        public var origin: String
        /// Where the record was published: the lab post feed archived in the corpus.
        public var feedPath: String?
        public var labelKey: String
    }

    public struct Label: Sendable {
        public var sentiment: String
        public var score: Int
        public var tags: [String]
    }

    public var records: [Record]
    public var labels: [String: Label]

    /// What to put in the database.
    public enum Selection: Sendable {
        /// The labelled items, the lab posts, and the arXiv papers of the `days` days before
        /// `now`; nothing published after `now`.
        case recent(days: Int)
        /// `count` items drawn from all papers and posts (with repeats past the corpus size,
        /// each repeat its own item), for load tests.
        case sample(count: Int, seed: UInt64)
    }

    /// Reads `arxiv_records.jsonl`, `mechinterp_records.jsonl` and `blog_posts.jsonl` from
    /// `directory` and the labels file.
    public static func load(from directory: String, labelsPath: String?) throws -> DemoCorpus {
        var records: [Record] = []
        var seen = Set<String>()
        for file in ["mechinterp_records.jsonl", "arxiv_records.jsonl"] {
            for object in try lines(directory + "/" + file) {
                guard let id = object["id"] as? String, let title = object["title"] as? String, !seen.contains(id) else { continue }
                seen.insert(id)
                var categories = object["categories"] as? [String] ?? []
                if let primary = object["primary_category"] as? String {
                    categories.removeAll { $0 == primary }
                    categories.insert(primary, at: 0)
                }
                let draft = ItemDraft(
                    key: .arxiv(id), arxivID: id, arxivVersion: object["version"] as? Int,
                    url: object["abs_url"] as? String ?? "https://arxiv.org/abs/\(id)", title: title.cleanedText,
                    authors: object["authors"] as? [String] ?? [], summaryText: (object["abstract"] as? String)?.cleanedText,
                    categories: categories, comment: (object["comment"] as? String)?.nilIfEmpty,
                    published: date(object["published"]), updated: date(object["updated"]),
                    guid: "oai:arXiv.org:\(id)", announceType: "new")
                records.append(Record(draft: draft, origin: "arxiv", feedPath: nil, labelKey: id))
            }
        }
        for object in try lines(directory + "/blog_posts.jsonl") {
            guard let link = object["link"] as? String, let title = object["title"] as? String,
                let key = ItemKey.make(arxivID: nil, doi: nil, guid: nil, url: link), !seen.contains(key.rawValue)
            else { continue }
            seen.insert(key.rawValue)
            let provenance = (object["provenance"] as? [[String: Any]])?.first
            let feedPath = (provenance?["source_repo"] as? String).flatMap { repo in
                (provenance?["source_path"] as? String).map { "https://raw.githubusercontent.com/\(repo)/main/\($0)" }
            }
            let summary = (object["summary"] as? String)?.cleanedText
            let draft = ItemDraft(
                key: key, url: link, title: title.cleanedText, authors: object["authors_hint"] as? [String] ?? [],
                summaryHTML: summary?.nilIfEmpty, summaryText: summary?.nilIfEmpty,
                categories: object["labels"] as? [String] ?? [], published: date(object["date"]), guid: link)
            records.append(Record(draft: draft, origin: object["org"] as? String ?? "Lab", feedPath: feedPath, labelKey: link))
        }
        var labels: [String: Label] = [:]
        if let labelsPath {
            for object in try lines(labelsPath) {
                guard let key = (object["arxiv_id"] as? String) ?? (object["url"] as? String),
                    let sentiment = object["sentiment"] as? String, let score = object["score"] as? Int
                else { continue }
                labels[key] = Label(sentiment: sentiment, score: score, tags: object["tags"] as? [String] ?? [])
            }
        }
        return DemoCorpus(records: records, labels: labels)
    }

    /// Fills `database`: the sources of `sources` plus one per lab in the corpus, the chosen
    /// records as one successful fetch per source, and the labelled items' classifications.
    ///
    /// - Parameters:
    ///   - entitiesPath: `Feeds/entities.yml`, to tag labelled items with the labs and models
    ///     their text names.
    /// - Returns: how many items were stored.
    @discardableResult
    public func fill(
        _ database: AppDatabase, sources: [Source], entitiesPath: String?, selection: Selection, now: Date
    ) throws -> Int {
        let chosen = choose(selection, now: now)
        var allSources = sources
        var origins: [String: String] = [:]  // origin → source url
        if let arxiv = sources.first(where: { $0.kind == .arxiv }) {
            origins["arxiv"] = arxiv.url
        } else {
            let arxiv = Source(url: "https://rss.arxiv.org/rss/cs.LG+cs.AI+cs.CL", title: "arXiv cs.LG + cs.AI + cs.CL", kind: .arxiv, siteURL: "https://arxiv.org/", slug: "arxiv", politenessDelay: 3)
            allSources.append(arxiv)
            origins["arxiv"] = arxiv.url
        }
        for record in chosen where origins[record.origin] == nil {
            // A lab the sources file already follows keeps its own source (one FAR.AI, not two).
            if let followed = sources.first(where: { $0.title.caseInsensitiveCompare(record.origin) == .orderedSame }) {
                origins[record.origin] = followed.url
                continue
            }
            let site = record.draft.url.flatMap { URLComponents(string: $0) }.map { "https://\($0.host ?? "")/" }
            let source = Source(url: record.feedPath ?? site ?? record.origin, title: record.origin, kind: .lab, siteURL: site)
            allSources.append(source)
            origins[record.origin] = source.url
        }
        try database.syncSources(allSources, now: now)
        let ids = Dictionary(try database.sourceStates().map { ($0.source.url, $0.id) }, uniquingKeysWith: { a, _ in a })
        var bySource: [String: [ItemDraft]] = [:]
        for record in chosen { bySource[origins[record.origin]!, default: []].append(record.draft) }
        for (url, drafts) in bySource.sorted(by: { $0.key < $1.key }) {
            guard let id = ids[url] else { continue }
            try database.saveFetch(
                FetchRecord(outcome: .ok, startedAt: now, duration: 0, httpStatus: 200, bytes: 0), entries: drafts, sourceID: id, now: now)
        }
        // Labs and models as the classify step tags them.
        var entities: [Entity] = []
        if let entitiesPath, FileManager.default.fileExists(atPath: entitiesPath) {
            entities = try Taxonomy.loadEntities(from: entitiesPath)
        }
        let tagger = EntityTagger(entities: entities)
        let summarizer = ExtractiveSummarizer()
        var classified: [AppDatabase.LabelledClassification] = []
        for record in chosen {
            guard let label = labels[record.labelKey] else { continue }
            let abstract = record.draft.summaryText ?? ""
            let text = TokenizedText(title: record.draft.title, body: abstract)
            classified.append(.init(
                key: record.draft.key, sentiment: label.sentiment, score: label.score, tags: label.tags,
                entities: tagger.tags(in: text),
                // As the classifier does: a post known by its title alone has no summary.
                summary: summarizer.saysMore(abstract, than: record.draft.title) ? CardBuilder.leadSentences(abstract) : "",
                explanation: ["source": "hand label in Data/labels.jsonl", "sentiment": label.sentiment, "score": label.score, "tags": label.tags]))
        }
        try database.saveLabelledClassifications(classified, headsVersion: "labels", at: now)
        return chosen.count
    }

    func choose(_ selection: Selection, now: Date) -> [Record] {
        switch selection {
        case .recent(let days):
            let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
            return records.filter { record in
                guard let published = record.draft.published, published <= now else { return false }
                return record.origin != "arxiv" || labels[record.labelKey] != nil || published > cutoff
            }
        case .sample(let count, let seed):
            var generator = SplitMix64(seed: seed)
            var order = Array(records.indices)
            order.shuffle(using: &generator)
            return (0..<count).map { n in
                var record = records[order[n % order.count]]
                let copy = n / order.count
                if copy > 0 {
                    record.draft.key = ItemKey(rawValue: record.draft.key.rawValue + "#\(copy)")
                    record.draft.guid = (record.draft.guid ?? "") + "#\(copy)"
                    record.draft.arxivVersion = nil
                }
                return record
            }
        }
    }

    private static func lines(_ path: String) throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PaperDigestError(.render, "cannot read the corpus file", at: path)
        }
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
        }
    }

    private static func date(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: String(text.prefix(10)))
    }
}

