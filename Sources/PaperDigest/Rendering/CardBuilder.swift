import Foundation

/// Turns stored items into what cards show: labels, relative dates against `now`, chips.
struct CardBuilder: Sendable {
    let topics: [String: SiteCatalog.Topic]
    let entities: [String: SiteCatalog.Entity]
    let now: Date
    /// The catalog's topics as chips, made once (a hundred thousand cards repeat them).
    private let chips: [String: TopicChip]
    private static let scoreTexts = (0...10).map { "\($0)/10" }
    private static let scoreLabels = (0...10).map { "Score \($0) out of 10" }

    init(catalog: SiteCatalog, now: Date) {
        var topics: [String: SiteCatalog.Topic] = [:]
        for topic in catalog.topics { topics[topic.slug] = topic }
        var entities: [String: SiteCatalog.Entity] = [:]
        for entity in catalog.entities where entities[entity.slug] == nil { entities[entity.slug] = entity }
        self.topics = topics
        self.entities = entities
        self.now = now
        var chips: [String: TopicChip] = [:]
        for topic in catalog.topics {
            chips[topic.slug] = TopicChip(slug: topic.slug, title: topic.title, emoji: topic.emoji, href: SitePaths.topic(topic.slug, page: 1))
        }
        self.chips = chips
    }

    /// What cards built one after another can share: the texts of the last date seen (cards
    /// come newest first, so most follow one of the same day) and each source's link.
    struct Reuse {
        var day = Int.min
        var dateISO = "", dateText = "", dateLong = ""
        var sourceHrefs: [Int64: String] = [:]
    }

    func topic(_ slug: String) -> SiteCatalog.Topic {
        topics[slug] ?? SiteCatalog.Topic(slug: slug, title: slug, emoji: "🏷️")
    }

    func chip(_ slug: String) -> TopicChip {
        if let chip = chips[slug] { return chip }
        let topic = topic(slug)
        return TopicChip(slug: slug, title: topic.title, emoji: topic.emoji, href: SitePaths.topic(slug, page: 1))
    }

    func entityName(_ slug: String) -> String { entities[slug]?.name ?? slug }

    func card(_ item: ItemCard) -> CardView {
        var reuse = Reuse()
        return card(item, reusing: &reuse)
    }

    func card(_ item: ItemCard, reusing reuse: inout Reuse) -> CardView {
        let day = SiteDate.dayNumber(item.date)
        if day != reuse.day {
            reuse.day = day
            reuse.dateISO = SiteDate.isoDay(item.date)
            reuse.dateText = SiteDate.relative(item.date, now: now)
            reuse.dateLong = SiteDate.long(item.date)
        }
        var sourceHref: String?
        if let source = item.source {
            if let known = reuse.sourceHrefs[source.id] {
                sourceHref = known
            } else {
                sourceHref = SitePaths.source(source.slug, page: 1)
                reuse.sourceHrefs[source.id] = sourceHref
            }
        }
        let classification = item.classification
        // The most confident sub-topic says more than the field's own tag, which most share.
        let lead = (classification?.tags.first { $0.slug != SitePlanner.gateTopic } ?? classification?.tags.first).map { topic($0.slug) }
        let sentiment = classification?.sentiment.map(Self.sentimentView)
        let score = classification.map { max(1, min(10, $0.score)) }
        var summary = classification?.summary.cleanedText ?? ""
        // Until the classifier has read it; after that an empty summary means the feed's
        // text only repeated the title or named a section.
        if classification == nil { summary = Self.leadSentences(item.abstractLead ?? "") }
        let topics = classification?.tags.map { chip($0.slug) } ?? []
        let entities = classification?.entities.map { EntityChip(slug: $0, name: entityName($0)) } ?? []
        var view = CardView(
            id: item.id,
            href: SitePaths.item(item.id),
            title: item.title.cleanedText,
            leadEmoji: lead?.emoji,
            leadTopicTitle: lead?.title,
            sentiment: sentiment,
            sourceLabel: Self.sourceLabel(item),
            sourceHref: sourceHref,
            dateISO: reuse.dateISO,
            dateText: reuse.dateText,
            dateLong: reuse.dateLong,
            scoreText: score.map { Self.scoreTexts[$0] },
            scoreLabel: score.map { Self.scoreLabels[$0] },
            summary: summary,
            topics: topics, entities: entities, hasTopics: !topics.isEmpty, hasEntities: !entities.isEmpty)
        view.precomputedFingerprint = view.contentFingerprint().value
        return view
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

    /// The first two or three sentences of an abstract, at most about `limit` bytes.
    static func leadSentences(_ text: String, limit: Int = 320) -> String {
        var clean = text.cleanedText
        guard clean.utf8.count > limit else { return clean }
        return clean.withUTF8 { leadSentences(bytes: $0, limit: limit) }
    }

    private static func leadSentences(bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> String {
        var end = 0
        var sentences = 0
        var i = 0
        while i < bytes.count, sentences < 3 {
            let b = bytes[i]
            if (b == UInt8(ascii: ".") || b == UInt8(ascii: "?") || b == UInt8(ascii: "!"))
                && (i + 1 == bytes.count || bytes[i + 1] == 0x20)
            {
                if i + 1 > limit, sentences > 0 { break }
                end = i + 1
                sentences += 1
            }
            i += 1
        }
        if end == 0 {
            // No sentence end early enough: cut at the last space before the limit.
            var cut = limit
            while cut > 0, bytes[cut] != 0x20 { cut -= 1 }
            if cut == 0 {
                cut = limit
                while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<cut]), as: UTF8.self) + "…"
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
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
    /// whitespace made one space, ends trimmed. Scans bytes: text already clean (most of
    /// it) is returned as it is.
    var cleanedText: String {
        if isCleanText { return self }
        var copy = self
        return copy.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var i = 0
            let count = bytes.count
            // Byte by byte, decoding only what is not ASCII (a String's bytes are valid UTF-8).
            while i < count {
                let b = bytes[i]
                var v = UInt32(b)
                var length = 1
                if b >= 0x80 {
                    length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                    v = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for k in 1..<length where i + k < count { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
                }
                defer { i += length }
                if Self.isSpace(v) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || (v >= 0xFDD0 && v <= 0xFDEF) || (v & 0xFFFE) == 0xFFFE {
                    continue
                }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                if length == 1 {
                    out.append(b)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<min(i + length, count)]))
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Printable ASCII with single inner spaces only. Eight bytes at a time: abstracts are
    /// long and almost always clean.
    private var isCleanText: Bool {
        var copy = self
        return copy.withUTF8 { bytes in
            let count = bytes.count
            guard count > 0 else { return true }
            guard bytes[0] != 0x20, bytes[count - 1] != 0x20 else { return false }
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let spaces: UInt64 = 0x2020_2020_2020_2020, lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let raw = UnsafeRawBufferPointer(bytes)
            var previousWasSpace = false
            var i = 0
            while i + 8 <= count {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                // A byte ≥ 0x7F (non-ASCII or DEL), or a byte < 0x20 (a control character).
                if (w | (w &+ ones)) & highs != 0 { return false }
                if (w &- spaces) & ~w & highs != 0 { return false }
                // 0x80 in each byte that is a space; two in a row, within or across words.
                let t = w ^ spaces
                let isSpace = ~(((t & lows) &+ lows) | t | lows)
                if isSpace & (isSpace >> 8) != 0 { return false }
                if previousWasSpace, isSpace & 0x80 != 0 { return false }
                previousWasSpace = isSpace & 0x8000_0000_0000_0000 != 0
                i += 8
            }
            while i < count {
                let byte = bytes[i]
                if byte == 0x20 {
                    if previousWasSpace { return false }
                    previousWasSpace = true
                } else if byte > 0x20 && byte < 0x7F {
                    previousWasSpace = false
                } else {
                    return false
                }
                i += 1
            }
            return true
        }
    }

    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
