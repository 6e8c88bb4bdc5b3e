import Foundation

/// Turns stored items into what cards show: labels, relative dates against `now`, chips.
struct CardBuilder: Sendable {
    let topics: [String: SiteCatalog.Topic]
    let entities: [String: SiteCatalog.Entity]
    let now: Date

    init(catalog: SiteCatalog, now: Date) {
        var topics: [String: SiteCatalog.Topic] = [:]
        for topic in catalog.topics { topics[topic.slug] = topic }
        var entities: [String: SiteCatalog.Entity] = [:]
        for entity in catalog.entities where entities[entity.slug] == nil { entities[entity.slug] = entity }
        self.topics = topics
        self.entities = entities
        self.now = now
    }

    func topic(_ slug: String) -> SiteCatalog.Topic {
        topics[slug] ?? SiteCatalog.Topic(slug: slug, title: slug, emoji: "🏷️")
    }

    func chip(_ slug: String) -> TopicChip {
        let topic = topic(slug)
        return TopicChip(slug: slug, title: topic.title, emoji: topic.emoji, href: SitePaths.topic(slug, page: 1))
    }

    func entityName(_ slug: String) -> String { entities[slug]?.name ?? slug }

    func card(_ item: ItemCard) -> CardView {
        let classification = item.classification
        // The most confident sub-topic says more than the field's own tag, which most share.
        let lead = (classification?.tags.first { $0.slug != SitePlanner.gateTopic } ?? classification?.tags.first).map { topic($0.slug) }
        let sentiment = classification?.sentiment.map(Self.sentimentView)
        let score = classification.map { max(1, min(10, $0.score)) }
        var summary = classification?.summary.cleanedText ?? ""
        if summary.isEmpty { summary = Self.leadSentences(item.abstractLead ?? "") }
        let topics = classification?.tags.map { chip($0.slug) } ?? []
        let entities = classification?.entities.map { EntityChip(slug: $0, name: entityName($0)) } ?? []
        return CardView(
            id: item.id,
            href: SitePaths.item(item.id),
            title: item.title.cleanedText,
            leadEmoji: lead?.emoji,
            leadTopicTitle: lead?.title,
            sentiment: sentiment,
            sourceLabel: Self.sourceLabel(item),
            sourceHref: item.source.map { SitePaths.source($0.slug, page: 1) },
            dateISO: SiteDate.isoDay(item.date),
            dateText: SiteDate.relative(item.date, now: now),
            dateLong: SiteDate.long(item.date),
            scoreText: score.map { "\($0)/10" },
            scoreLabel: score.map { "Score \($0) out of 10" },
            summary: summary,
            topics: topics, entities: entities, hasTopics: !topics.isEmpty, hasEntities: !entities.isEmpty)
    }

    static func sentimentView(_ sentiment: StoredClassification.Sentiment) -> SentimentView {
        switch sentiment {
        case .bullish: return SentimentView(word: "bullish", symbol: "▲", tone: "sentiment-bullish")
        case .neutral: return SentimentView(word: "neutral", symbol: "●", tone: "sentiment-neutral")
        case .bearish: return SentimentView(word: "bearish", symbol: "▼", tone: "sentiment-bearish")
        }
    }

    /// "arXiv – cs.AI" for arXiv papers, the source's title otherwise.
    static func sourceLabel(_ item: ItemCard) -> String {
        if item.source?.kind == .arxiv || (item.source == nil && item.arxivID != nil) {
            if let primary = item.categories.first { return "arXiv – " + primary }
            return "arXiv"
        }
        if let source = item.source { return source.title }
        if let url = item.url, let host = URLComponents(string: url)?.host { return host }
        return "Unknown source"
    }

    /// The first two or three sentences of an abstract, at most about 320 characters.
    static func leadSentences(_ text: String, limit: Int = 320) -> String {
        let clean = text.cleanedText
        guard clean.count > limit else { return clean }
        var result = ""
        var sentences = 0
        var current = ""
        for character in clean {
            current.append(character)
            if character == "." || character == "?" || character == "!" {
                if result.count + current.count > limit, sentences > 0 { break }
                result += current
                current = ""
                sentences += 1
                if sentences == 3 { break }
            }
        }
        if result.isEmpty {
            result = String(clean.prefix(limit))
            if let space = result.lastIndex(of: " ") { result = String(result[..<space]) }
            result += "…"
        }
        return result.trimmedWhitespace
    }
}

/// Where each page lives, relative to the site's root.
enum SitePaths {
    static func item(_ id: Int64) -> String { "items/\(id).html" }
    static func day(_ key: String) -> String { "digests/\(key).html" }
    static func topic(_ slug: String, page: Int) -> String {
        page <= 1 ? "topics/\(slug)/index.html" : "topics/\(slug)/page/\(page)/index.html"
    }
    static func source(_ slug: String, page: Int) -> String {
        page <= 1 ? "sources/\(slug)/index.html" : "sources/\(slug)/page/\(page)/index.html"
    }

    /// From a page at `path` back to the root: `topics/x/index.html` → `../../`.
    static func root(of path: String) -> String {
        String(repeating: "../", count: path.reduce(0) { $0 + ($1 == "/" ? 1 : 0) })
    }
}

extension String {
    /// Text fit for HTML and XML: control characters (forbidden in both) dropped, runs of
    /// whitespace made one space, ends trimmed.
    var cleanedText: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        for scalar in unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value < 0x20 {
                pendingSpace = !out.isEmpty
                continue
            }
            if scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
                || (scalar.value >= 0xFDD0 && scalar.value <= 0xFDEF) || (scalar.value & 0xFFFE) == 0xFFFE
            {
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
