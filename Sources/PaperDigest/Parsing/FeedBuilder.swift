import Foundation

/// Turns the element events of one feed document into a `ParsedFeed`, following feedparser's
/// mapping rules (RSS `description` → summary, `guid` → id, `dc:date` → updated, …).
///
/// It knows nothing of libxml2: `XMLFeedReader` feeds it start / end / text events.
final class FeedBuilder {
    struct Attribute {
        var local: String
        var prefix: String?
        var uri: String?
        var value: String

        var qualifiedName: String { prefix.map { $0 + ":" + local } ?? local }
    }

    /// One distinct element name of the document.
    struct ElementName {
        var local: String
        var prefix: String?
        var uri: String?
        /// The name elements are dispatched on: `title`, `dc:creator`, `content:encoded`, …
        var qualified: String
        var tag: FeedTag
    }

    enum Context: Equatable {
        case other, root, channel, entry, author, ignored, field, inline
    }

    /// One open element. Plain data: the base URL and language in effect live in `bases` and
    /// `langs`, which grow only where `xml:base` / `xml:lang` appear.
    struct Frame {
        var context: Context
        var baseIndex: Int32
        var langIndex: Int32
        var ownsBase = false
        var ownsLang = false
    }

    enum Owner { case feed, entry, author }

    enum TextKind { case title, subtitle, info, summary, content }
    enum DateKind { case published, updated, created }
    enum AuthorPart { case name, email, uri }
    enum ArxivField { case announceType, doi, journalRef, comment }

    enum FieldKind {
        case text(TextKind)
        case link
        case id
        case guid(isPermaLink: Bool)
        case date(DateKind)
        case authorText
        case authorPart(AuthorPart)
        case category
        case tagList
        case language
        case arxiv(ArxivField)
    }

    struct Field {
        var kind: FieldKind
        var owner: Owner
        var depth: Int
        var base: String?
        var lang: String?
        var type: String = "text/plain"
        var base64 = false
        /// Whether text inside is XML (xhtml / mode="xml"), so it is escaped when written out.
        var xmlContent = false
        var sawMarkup = false
        var src: String? = nil
    }

    /// Attributes of the open link or category field, kept out of `FieldKind` so fields stay cheap to copy.
    struct PendingAttributes {
        var rel: String?
        var type: String?
        var title: String?
        var hreflang: String?
        var length: String?
        var scheme: String?
        var label: String?
    }

    /// Per-entry facts that only make sense once the entry is complete.
    struct EntryState {
        var guid: String?
        var guidIsPermaLink = false
        var rdfAbout: String?
        var hasAlternateLink = false
        /// Whether the summary holds `<` or `&`; without them its text needs no HTML decoding.
        var summaryHasMarkup = true
        /// Whether the entry has a summary / content yet, kept here so asking does not copy the entry.
        var hasSummary = false
        var hasContent = false
        /// Categories seen so far; the first one reserves room for a few more.
        var categoryCount = 0
        var arxiv = ArxivExtractor.Raw()
    }

    // MARK: - State

    let documentBase: String?
    @exclusivity(unchecked) var feed = ParsedFeed(format: "unknown")
    var rootName: String?
    var rootURI: String?
    /// The open elements, innermost last.
    @exclusivity(unchecked) var frames = PlainBuffer<Frame>(capacity: 32)
    /// The document's distinct element names; the reader hands out indexes into it.
    @exclusivity(unchecked) var names: [ElementName] = []
    @exclusivity(unchecked) var entry: Entry?
    @exclusivity(unchecked) var entryState = EntryState()
    @exclusivity(unchecked) var author: Person?
    var authorOwner: Owner = .feed
    /// The open field. Only `beginField` and `endField` set it, and they keep `fieldDepth`
    /// and `fieldEscapesText` in step.
    @exclusivity(unchecked) private(set) var field: Field?
    /// The open field's depth (0: none) and whether its text is XML to escape, kept beside
    /// `field` so the per-text-chunk path reads two scalars.
    @exclusivity(unchecked) private var fieldDepth = 0
    @exclusivity(unchecked) private var fieldEscapesText = false
    /// The open field's text so far.
    @exclusivity(unchecked) var text = PlainBuffer<UInt8>(capacity: 4096)
    @exclusivity(unchecked) var pendingAttributes = PendingAttributes()
    @exclusivity(unchecked) var pendingInlineClose = false
    @exclusivity(unchecked) var inlineURIStack: [String?] = []
    /// Names of the open inline (markup) elements, to write their end tags.
    @exclusivity(unchecked) var inlineNames: [String] = []
    @exclusivity(unchecked) var bases: [String?] = []
    @exclusivity(unchecked) var langs: [String?] = [nil]
    /// Set when the document must be refused (not a feed, entity attack); the reader stops.
    @exclusivity(unchecked) var refusal: String?
    @exclusivity(unchecked) var sawFeedStructure = false

    init(documentBase: String?) {
        self.documentBase = documentBase
        bases = [documentBase]
    }

    deinit {
        frames.deallocate()
        text.deallocate()
    }

    /// Set once the root element says the document is Atom.
    @exclusivity(unchecked) var isAtom = false

    // MARK: - Events

    /// Adds a distinct element name of the document; `startElement` then refers to it by index.
    func addName(local: String, prefix: String?, uri: String?) -> Int {
        let qualified = FeedNamespaces.qualifiedName(local: local, uri: uri, prefix: prefix)
        names.append(ElementName(local: local, prefix: prefix, uri: uri, qualified: qualified, tag: FeedTag(name: qualified)))
        return names.count - 1
    }

    /// An element starts. `name` indexes `names`; `tag` is `names[name].tag`, passed along so
    /// the common path never touches the strings.
    func startElement(name nameIndex: Int, tag: FeedTag, attributes: [Attribute]) {
        let depth = frames.count
        var frame = Frame(
            context: .other, baseIndex: depth > 0 ? frames[depth - 1].baseIndex : 0,
            langIndex: depth > 0 ? frames[depth - 1].langIndex : 0)
        for a in attributes where a.prefix == "xml" || a.uri == FeedNamespaces.xml {
            if a.local == "base" {
                let parentBase = bases[Int(frame.baseIndex)]
                let resolved = URLResolver.resolve(URLResolver.cleanBase(a.value), against: parentBase)
                let scheme = URLResolver.scheme(of: Substring(resolved))
                if scheme == nil || URLResolver.acceptableSchemes.contains(scheme!.lowercased()) {
                    bases.append(resolved)
                    frame.baseIndex = Int32(bases.count - 1)
                    frame.ownsBase = true
                }
            } else if a.local == "lang" {
                langs.append(a.value)
                frame.langIndex = Int32(langs.count - 1)
                frame.ownsLang = true
            }
        }

        // Inside a field: markup inside a text construct is kept, anything else is skipped.
        if fieldDepth > 0 {
            if case .text = field!.kind {
                field!.sawMarkup = true
                let name = names[nameIndex]
                writeInlineStart(local: name.local, prefix: name.prefix, uri: name.uri, attributes: attributes, base: bases[Int(frame.baseIndex)], xmlContent: field!.xmlContent)
                inlineNames.append(name.local)
                frame.context = .inline
            } else {
                frame.context = .ignored
            }
            frames.append(frame)
            return
        }

        guard depth > 0 else {
            let name = names[nameIndex]
            startRoot(name: name.qualified, local: name.local, uri: name.uri, attributes: attributes, frame: &frame)
            frames.append(frame)
            return
        }

        switch frames[depth - 1].context {
        case .ignored, .other, .field, .inline:
            frame.context = .ignored
        case .root:
            startInRoot(nameIndex: nameIndex, tag: tag, attributes: attributes, frame: &frame)
        case .channel:
            startInChannel(tag: tag, attributes: attributes, frame: &frame)
        case .entry:
            startInEntry(tag: tag, attributes: attributes, frame: &frame)
        case .author:
            switch tag {
            case .name: beginField(.authorPart(.name), owner: .author, frame: &frame)
            case .email: beginField(.authorPart(.email), owner: .author, frame: &frame)
            case .uri, .url, .homepage: beginField(.authorPart(.uri), owner: .author, frame: &frame)
            default: frame.context = .ignored
            }
        }
        frames.append(frame)
    }

    /// Closes whatever a truncated document left open, so its last entry is kept.
    func finish() {
        while !frames.isEmpty, refusal == nil { endElement() }
    }

    func endElement() {
        guard !frames.isEmpty else { return }
        let frame = frames.removeLast()
        defer {
            if frame.ownsBase { bases.removeLast() }
            if frame.ownsLang { langs.removeLast() }
        }
        switch frame.context {
        case .inline:
            writeInlineEnd(local: inlineNames.popLast() ?? "")
        case .field:
            endField()
        case .entry:
            endEntry()
        case .author:
            if let a = author {
                if a.name != nil || a.email != nil || a.uri != nil {
                    if authorOwner == .entry { entry?.authors.append(a) } else { feed.authors.append(a) }
                }
            }
            author = nil
        default:
            break
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard fieldDepth > 0 else { return }
        if pendingInlineClose { text.append(UInt8(ascii: ">")); pendingInlineClose = false }
        if frames.count == fieldDepth {
            if fieldEscapesText {
                text.appendEscaped(bytes)
            } else {
                text.append(contentsOf: bytes)
            }
        } else if frames[frames.count - 1].context == .inline {
            if fieldEscapesText {
                text.appendEscaped(bytes)
            } else {
                text.append(contentsOf: bytes)
            }
        }
    }

    // MARK: - Structure

    private func startRoot(name: String, local: String, uri: String?, attributes: [Attribute], frame: inout Frame) {
        rootName = name
        rootURI = uri
        let lower = local.lowercased()
        switch name {
        case "rss":
            let v = attributes.first { $0.local == "version" }?.value ?? ""
            switch v {
            case "2.0", "2": feed.format = "rss20"
            case "0.91": feed.format = "rss091"
            case "0.92": feed.format = "rss092"
            case "0.93": feed.format = "rss093"
            case "0.94": feed.format = "rss094"
            case "": feed.format = "rss"
            default: feed.format = v.hasPrefix("2.") ? "rss20" : "rss"
            }
            frame.context = .root
            sawFeedStructure = true
        case "rdf:RDF":
            feed.format = "rss10"  // rss090 once <channel> shows the Netscape namespace
            frame.context = .root
            sawFeedStructure = true
        case "feed":
            if uri == FeedNamespaces.atom10 {
                feed.format = "atom10"
            } else if uri == FeedNamespaces.atom03 || attributes.contains(where: { $0.local == "version" && $0.value == "0.3" }) {
                feed.format = "atom03"
            } else {
                feed.format = "atom"
            }
            isAtom = true
            frame.context = .root
            sawFeedStructure = true
        case "channel":
            feed.format = "rss"
            frame.context = .channel
            sawFeedStructure = true
        default:
            if lower == "html" || uri == FeedNamespaces.xhtml {
                refusal = "not a feed: looks like HTML"
            } else {
                frame.context = .root
            }
        }
        if let lang = langs[Int(frame.langIndex)] { feed.language = lang }
    }

    private func startInRoot(nameIndex: Int, tag: FeedTag, attributes: [Attribute], frame: inout Frame) {
        switch tag {
        case .channel:
            frame.context = .channel
            sawFeedStructure = true
            if names[nameIndex].uri == FeedNamespaces.rss090 { feed.format = "rss090" }
        case .item, .entry:
            beginEntry(attributes: attributes, frame: &frame)
        case .image, .textinputLower, .textInput:
            frame.context = .ignored
        default:
            // Atom, or RSS without <channel>: read feed fields straight under the root.
            startInChannel(tag: tag, attributes: attributes, frame: &frame)
        }
    }

    private func startInChannel(tag: FeedTag, attributes: [Attribute], frame: inout Frame) {
        switch tag {
        case .item, .entry:
            beginEntry(attributes: attributes, frame: &frame)
        case .image, .textinputLower, .textInput, .source, .contributor, .items:
            frame.context = .ignored
        case .author where isAtom:
            beginAuthor(owner: .feed, frame: &frame)
        default:
            if !startCommonField(tag: tag, owner: .feed, attributes: attributes, frame: &frame) {
                frame.context = .ignored
            }
        }
    }

    private func startInEntry(tag: FeedTag, attributes: [Attribute], frame: inout Frame) {
        switch tag {
        case .source, .contributor, .image, .textinputLower, .textInput:
            frame.context = .ignored
        case .author where isAtom:
            beginAuthor(owner: .entry, frame: &frame)
        case .enclosure:
            var url: String?, type: String?, length: String?
            for a in attributes {
                switch a.local {
                case "url": url = a.value
                case "type": type = a.value
                case "length": length = a.value
                default: break
                }
            }
            if let url {
                let href = URLResolver.resolve(url, against: bases[Int(frame.baseIndex)])
                let len = length.flatMap { Int($0.trimmingWhitespace()) }
                entry?.enclosures.append(Enclosure(url: href, type: type, length: len))
                entry?.links.append(FeedLink(href: href, rel: "enclosure", type: type, length: len))
            }
            frame.context = .ignored
        case .arxivPrimaryCategory:
            if let term = attributes.first(where: { $0.local == "term" })?.value { entryState.arxiv.primaryCategory = term }
            frame.context = .ignored
        case .arxivAnnounceType:
            beginField(.arxiv(.announceType), owner: .entry, frame: &frame)
        case .arxivDoi, .arxivDOIUpper:
            beginField(.arxiv(.doi), owner: .entry, frame: &frame)
        case .arxivJournalRef:
            beginField(.arxiv(.journalRef), owner: .entry, frame: &frame)
        case .arxivComment:
            beginField(.arxiv(.comment), owner: .entry, frame: &frame)
        case .guid:
            let perma = attributes.first(where: { $0.local == "isPermaLink" })?.value.lowercased() ?? "true"
            beginField(.guid(isPermaLink: perma != "false"), owner: .entry, frame: &frame)
        case .tags:
            beginField(.tagList, owner: .entry, frame: &frame)
        case .mediaCategory:
            var scheme: String? = "http://search.yahoo.com/mrss/category_schema"
            var label: String?
            for a in attributes {
                if a.local == "scheme" { scheme = a.value }
                if a.local == "label" { label = a.value }
            }
            pendingAttributes = PendingAttributes(scheme: scheme, label: label)
            beginField(.category, owner: .entry, frame: &frame)
        default:
            if !startCommonField(tag: tag, owner: .entry, attributes: attributes, frame: &frame) {
                frame.context = .ignored
            }
        }
    }

    /// Fields a feed and an entry share. Returns false for elements PaperDigest does not read.
    private func startCommonField(tag: FeedTag, owner: Owner, attributes: [Attribute], frame: inout Frame) -> Bool {
        switch tag {
        case .title, .dcTitle:
            beginText(.title, defaultType: "text/plain", owner: owner, attributes: attributes, frame: &frame)
        case .description, .summary, .dcDescription:
            if owner == .feed {
                beginText(.subtitle, defaultType: tag == .description ? "text/html" : "text/plain", owner: owner, attributes: attributes, frame: &frame)
            } else {
                let hasSummary = entryState.hasSummary
                let hasContent = entryState.hasContent
                if hasSummary && !hasContent {
                    beginText(.content, defaultType: "text/html", owner: owner, attributes: attributes, frame: &frame)
                } else {
                    beginText(.summary, defaultType: tag == .summary ? "text/plain" : "text/html", owner: owner, attributes: attributes, frame: &frame)
                }
            }
        case .subtitle, .tagline, .itunesSubtitle:
            guard owner == .feed else { return false }
            beginText(.subtitle, defaultType: "text/plain", owner: owner, attributes: attributes, frame: &frame)
        case .info:
            guard owner == .feed else { return false }
            beginText(.info, defaultType: "text/plain", owner: owner, attributes: attributes, frame: &frame)
        case .contentEncoded, .fullitem:
            guard owner == .entry else { return false }
            beginText(.content, defaultType: "text/html", owner: owner, attributes: attributes, frame: &frame)
        case .content:
            guard owner == .entry else { return false }
            let src = attributes.first(where: { $0.local == "src" }).map { URLResolver.resolve($0.value, against: bases[Int(frame.baseIndex)]) }
            beginText(.content, defaultType: "text/plain", owner: owner, attributes: attributes, frame: &frame, src: src)
        case .body, .xhtmlBody:
            guard owner == .entry else { return false }
            beginText(.content, defaultType: "application/xhtml+xml", owner: owner, attributes: attributes, frame: &frame, xhtml: true)
        case .link:
            startLink(owner: owner, attributes: attributes, frame: &frame)
        case .id:
            beginField(.id, owner: owner, frame: &frame)
        case .language, .dcLanguage:
            beginField(.language, owner: owner, frame: &frame)
        case .author, .managingEditor, .dcAuthor, .dcCreator, .itunesAuthor:
            beginField(.authorText, owner: owner, frame: &frame)
        case .category, .dcSubject:
            var scheme: String?, label: String?, term: String?
            for a in attributes {
                switch a.local {
                case "domain", "scheme": scheme = a.value
                case "label": label = a.value
                case "term": term = a.value
                default: break
                }
            }
            if let term, isAtom {
                addCategory(FeedCategory(term: term, scheme: scheme, label: label), owner: owner)
                frame.context = .ignored
            } else {
                pendingAttributes = PendingAttributes(scheme: scheme, label: label)
                beginField(.category, owner: owner, frame: &frame)
            }
        case .pubDate, .dctermsIssued, .issued, .published:
            beginField(.date(.published), owner: owner, frame: &frame)
        case .lastBuildDate, .dcDate, .dctermsModified, .modified, .updated:
            beginField(.date(.updated), owner: owner, frame: &frame)
        case .dctermsCreated, .created:
            beginField(.date(.created), owner: owner, frame: &frame)
        default:
            return false
        }
        return true
    }

    private func startLink(owner: Owner, attributes: [Attribute], frame: inout Frame) {
        var href: String?, rel: String?, type: String?, title: String?, hreflang: String?, length: String?
        for a in attributes where a.uri == nil || a.uri == "" || a.uri == FeedNamespaces.atom10 {
            switch a.local {
            case "href": href = a.value
            case "rel": rel = a.value
            case "type": type = a.value
            case "title": title = a.value
            case "hreflang": hreflang = a.value
            case "length": length = a.value
            default: break
            }
        }
        if let href {
            addLink(href: URLResolver.resolve(href, against: bases[Int(frame.baseIndex)]), rel: rel, type: type, title: title, hreflang: hreflang, length: length, owner: owner)
            frame.context = .ignored
        } else if attributes.contains(where: { $0.local == "resource" }) {
            frame.context = .ignored
        } else {
            pendingAttributes = PendingAttributes(rel: rel, type: type, title: title, hreflang: hreflang, length: length)
            beginField(.link, owner: owner, frame: &frame)
        }
    }

    private func addLink(href: String, rel: String?, type: String?, title: String?, hreflang: String?, length: String?, owner: Owner) {
        let rel = (rel?.isEmpty == false ? rel! : "alternate")
        let type = type ?? (rel == "self" ? "application/atom+xml" : "text/html")
        let len = length.flatMap { Int($0.trimmingWhitespace()) }
        let link = FeedLink(href: href, rel: rel, type: type, title: title, hreflang: hreflang, length: len)
        let isAlternateHTML = rel == "alternate" && (type == "text/html" || type == "application/xhtml+xml")
        switch owner {
        case .feed:
            feed.links.append(link)
            if isAlternateHTML { feed.link = href }
        case .entry, .author:
            entry?.links.append(link)
            if isAlternateHTML { entry?.link = href; entryState.hasAlternateLink = true }
            if rel == "enclosure" { entry?.enclosures.append(Enclosure(url: href, type: link.type, length: len)) }
        }
    }

    private func addCategory(_ c: FeedCategory, owner: Owner) {
        guard !c.term.isEmpty else { return }
        if owner == .entry {
            if entryState.categoryCount == 0 {
                entry?.tags.reserveCapacity(4)
                entry?.categories.reserveCapacity(4)
            }
            entryState.categoryCount += 1
            entry?.tags.append(c)
            entry?.categories.append(c.term)
        } else {
            feed.tags.append(c)
        }
    }

    private func beginEntry(attributes: [Attribute], frame: inout Frame) {
        frame.context = .entry
        sawFeedStructure = true
        entry = Entry()
        entryState = EntryState()
        entryState.rdfAbout = attributes.first(where: { $0.local == "about" && $0.uri == FeedNamespaces.rdf })?.value
    }

    private func beginAuthor(owner: Owner, frame: inout Frame) {
        frame.context = .author
        author = Person()
        authorOwner = owner
    }

    private func beginField(_ kind: FieldKind, owner: Owner, frame: inout Frame) {
        beginField(Field(kind: kind, owner: owner, depth: frames.count + 1, base: bases[Int(frame.baseIndex)], lang: langs[Int(frame.langIndex)]), frame: &frame)
    }

    private func beginField(_ f: __owned Field, frame: inout Frame) {
        frame.context = .field
        fieldDepth = f.depth
        if case .text = f.kind { fieldEscapesText = f.xmlContent } else { fieldEscapesText = false }
        field = f
        text.removeAll()
        pendingInlineClose = false
        if !inlineURIStack.isEmpty { inlineURIStack.removeAll(keepingCapacity: true) }
    }

    private func beginText(
        _ kind: TextKind, defaultType: String, owner: Owner, attributes: [Attribute], frame: inout Frame,
        src: String? = nil, xhtml: Bool = false
    ) {
        var typeAttr: String?
        var mode: String?
        for a in attributes where a.uri == nil || a.uri == "" {
            if a.local == "type" { typeAttr = a.value }
            if a.local == "mode" { mode = a.value }
        }
        let type = typeAttr == nil ? defaultType : FeedBuilder.mapContentType(typeAttr, default: defaultType)
        var f = Field(kind: .text(kind), owner: owner, depth: frames.count + 1, base: bases[Int(frame.baseIndex)], lang: langs[Int(frame.langIndex)])
        f.type = type
        f.src = src
        if mode == "base64" {
            f.base64 = true
        } else if typeAttr != nil, !type.hasPrefix("text/"), !type.hasSuffix("+xml"), !type.hasSuffix("/xml") {
            f.base64 = true
        }
        if xhtml || mode == "xml" || type.hasSuffix("xml") { f.xmlContent = true }
        beginField(f, frame: &frame)
    }

    static func mapContentType(_ raw: String?, default def: String) -> String {
        guard let raw else { return def }
        let t = raw.lowercased().trimmingWhitespace()
        switch t {
        case "": return def
        case "text", "plain": return "text/plain"
        case "html": return "text/html"
        case "xhtml": return "application/xhtml+xml"
        default: return t
        }
    }

    // MARK: - Field values

    private func endField() {
        guard let f = field.take() else { return }
        fieldDepth = 0
        fieldEscapesText = false
        if pendingInlineClose { text.append(UInt8(ascii: ">")); pendingInlineClose = false }
        if case .date(let kind) = f.kind {
            // Dates are read from the bytes; no string is made for them.
            let bytes = text.elements
            let date = FeedDate.parse(utf8: UnsafeBufferPointer(rebasing: bytes[FeedBuilder.trimmedRange(bytes)]))
            guard let date else { return }
            switch (f.owner, kind) {
            case (.entry, .published): entry?.published = date
            case (.entry, .updated): entry?.updated = date
            case (.entry, .created): entry?.created = date
            case (_, .published): feed.published = date
            case (_, .updated): feed.updated = date
            case (_, .created): feed.created = date
            }
            return
        }
        var value = trimmedString(text.elements)
        switch f.kind {
        case .text(let kind):
            var type = f.type
            if f.base64 {
                if let data = Data(base64Encoded: value, options: .ignoreUnknownCharacters) {
                    value = String(decoding: data, as: UTF8.self).trimmingWhitespace()
                }
            }
            if f.sawMarkup, feed.format == "atom10", type == "application/xhtml+xml" || type == "text/html" {
                value = FeedBuilder.stripEnclosingDiv(value)
            }
            let markup = UTF8Scanning.hasMarkup(value)
            if !isAtom, type == "text/plain", !f.sawMarkup, markup, HTMLMarkup.looksLikeHTML(value) {
                type = "text/html"
            }
            if markup, !f.sawMarkup, !f.xmlContent || f.base64, type == "text/html" || type == "application/xhtml+xml" || type.hasSuffix("html") {
                value = HTMLMarkup.normalize(value, base: f.base)
            }
            if kind == .summary, f.owner == .entry { entryState.summaryHasMarkup = markup }
            let detail = FeedText(type: type, base: f.base, language: f.lang, src: f.src)
            setText(kind, value: value, detail: detail, owner: f.owner)
        case .link:
            let p = pendingAttributes
            let rel = p.rel, type = p.type, title = p.title, hreflang = p.hreflang, length = p.length
            guard !value.isEmpty else { return }
            let href = URLResolver.resolve(value, against: f.base)
            addLink(href: href, rel: rel, type: type, title: title, hreflang: hreflang, length: length, owner: f.owner)
        case .id:
            let id = isAtom ? URLResolver.resolve(value, against: f.base) : value
            if f.owner == .entry { entry?.id = id } else { feed.id = id }
        case .guid(let isPermaLink):
            guard f.owner == .entry else { return }
            entry?.id = value
            entryState.guid = value
            entryState.guidIsPermaLink = isPermaLink
        case .date:
            break  // read above
        case .authorText:
            guard !value.isEmpty else { return }
            let person = FeedBuilder.person(fromText: value)
            if f.owner == .entry { entry?.authors.append(person) } else { feed.authors.append(person) }
        case .authorPart(let part):
            guard !value.isEmpty else { return }
            switch part {
            case .name: author?.name = value
            case .email: author?.email = value
            case .uri: author?.uri = URLResolver.resolve(value, against: f.base)
            }
        case .category:
            let scheme = pendingAttributes.scheme, label = pendingAttributes.label
            addCategory(FeedCategory(term: value, scheme: scheme, label: label), owner: f.owner)
        case .tagList:
            for part in value.split(separator: ",") {
                let term = String(part).trimmingWhitespace()
                if !term.isEmpty { addCategory(FeedCategory(term: term), owner: f.owner) }
            }
        case .language:
            if f.owner == .feed, !value.isEmpty { feed.language = value }
        case .arxiv(let which):
            guard !value.isEmpty else { return }
            switch which {
            case .announceType: entryState.arxiv.announceType = value
            case .doi: entryState.arxiv.doi = value
            case .journalRef: entryState.arxiv.journalRef = FeedBuilder.collapseWhitespace(value)
            case .comment: entryState.arxiv.comment = FeedBuilder.collapseWhitespace(value)
            }
        }
    }

    private func setText(_ kind: TextKind, value: String, detail: FeedText, owner: Owner) {
        if owner == .entry {
            switch kind {
            case .title: entry?.title = value; entry?.titleDetail = detail
            case .summary:
                entry?.summary = value; entry?.summaryDetail = detail
                entryState.hasSummary = true
            case .content:
                if !entryState.hasContent {
                    entry?.content = value; entry?.contentDetail = detail
                    entryState.hasContent = true
                }
                // feedparser copies text and HTML content into an absent summary.
                if !entryState.hasSummary, detail.type == "text/plain" || detail.type == "text/html" || detail.type == "application/xhtml+xml" {
                    entry?.summary = value
                    entry?.summaryDetail = detail
                    entryState.hasSummary = true
                }
            case .subtitle, .info: break
            }
        } else {
            switch kind {
            case .title: feed.title = value; feed.titleDetail = detail
            case .subtitle: feed.subtitle = value; feed.subtitleDetail = detail
            case .info: feed.info = value; feed.infoDetail = detail
            case .summary, .content: break
            }
        }
    }

    private func endEntry() {
        guard let e = entry.take() else { return }
        // Finished in place: finishing a local copy and appending it copied the whole entry.
        feed.entries.append(e)
        finish(&feed.entries[feed.entries.count - 1])
    }

    private func finish(_ e: inout Entry) {
        if e.link == nil, let guid = entryState.guid, entryState.guidIsPermaLink {
            e.link = guid
        }
        if e.id == nil, let about = entryState.rdfAbout { e.id = about }
        var raw = entryState.arxiv
        raw.summaryIsPlain = !entryState.summaryHasMarkup
        ArxivExtractor.enrich(&e, raw: raw)
    }

    // MARK: - Inline markup

    private func writeInlineStart(local: String, prefix: String?, uri: String?, attributes: [Attribute], base: String?, xmlContent: Bool) {
        if pendingInlineClose { text.append(UInt8(ascii: ">")) }
        text.append(UInt8(ascii: "<"))
        text.append(utf8: local)
        var attrs: [(String, String)] = []
        var needsXlink = false
        for a in attributes {
            if a.uri == FeedNamespaces.xml { continue }
            let name: String
            if a.uri == FeedNamespaces.xlink { name = "xlink:" + a.local; needsXlink = true } else if let p = a.prefix, !p.isEmpty, a.uri != nil { name = p + ":" + a.local } else { name = a.local }
            var value = a.value
            if HTMLMarkup.uriAttributes.contains(a.local.lowercased()), a.uri == nil {
                value = URLResolver.resolve(value, against: base)
            }
            attrs.append((name, value))
        }
        let parentURI = inlineURIStack.last ?? nil
        if let uri, uri != FeedNamespaces.xhtml, !FeedNamespaces.core.contains(uri), uri != parentURI {
            attrs.append(("xmlns", uri))
        }
        if needsXlink { attrs.append(("xmlns:xlink", FeedNamespaces.xlink)) }
        attrs.sort { $0.0 < $1.0 }
        for (n, v) in attrs {
            text.append(UInt8(ascii: " "))
            text.append(utf8: n)
            text.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
            var bytes: [UInt8] = []
            for ch in v.utf8 {
                switch ch {
                case UInt8(ascii: "&"): bytes.append(contentsOf: Array("&amp;".utf8))
                case UInt8(ascii: "<"): bytes.append(contentsOf: Array("&lt;".utf8))
                case UInt8(ascii: ">"): bytes.append(contentsOf: Array("&gt;".utf8))
                case UInt8(ascii: "\""): bytes.append(contentsOf: Array("&quot;".utf8))
                default: bytes.append(ch)
                }
            }
            text.append(contentsOf: bytes)
            text.append(UInt8(ascii: "\""))
        }
        pendingInlineClose = true
        inlineURIStack.append(uri)
    }

    private func writeInlineEnd(local: String) {
        _ = inlineURIStack.popLast()
        if pendingInlineClose {
            pendingInlineClose = false
            if HTMLMarkup.voidElements.contains(local.lowercased()) {
                text.append(contentsOf: Array(" />".utf8))
                return
            }
            text.append(UInt8(ascii: ">"))
        }
        text.append(contentsOf: Array("</".utf8))
        text.append(utf8: local)
        text.append(UInt8(ascii: ">"))
    }

    /// Atom 1.0 XHTML content comes wrapped in one `<div>`; the wrapper is not content.
    static func stripEnclosingDiv(_ s: String) -> String {
        guard s.hasPrefix("<div"), s.hasSuffix("</div>") else { return s }
        guard let close = s.firstIndex(of: ">") else { return s }
        let inner = s[s.index(after: close)..<s.index(s.endIndex, offsetBy: -6)]
        // Only when the div wraps everything: no other top-level </div> closes it early.
        var depth = 0
        var i = inner.startIndex
        while i < inner.endIndex {
            if inner[i...].hasPrefix("<div") { depth += 1 } else if inner[i...].hasPrefix("</div>") {
                depth -= 1
                if depth < 0 { return s }
            }
            i = inner.index(after: i)
        }
        return String(inner).trimmingWhitespace()
    }

    // MARK: - Helpers

    private func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[FeedBuilder.trimmedRange(bytes)]), as: UTF8.self)
    }

    /// `bytes` without leading and trailing whitespace.
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0, end = bytes.count
        while start < end, HTMLMarkup.isSpace(bytes[start]) { start += 1 }
        while end > start, HTMLMarkup.isSpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    static func collapseWhitespace(_ s: String) -> String { UTF8Scanning.collapse(s) }

    /// `Example editor (me@example.com)` → name and email, feedparser's way.
    static func person(fromText raw: String) -> Person {
        guard UTF8Scanning.contains(raw, UInt8(ascii: "@")) else { return Person(name: raw) }
        let bytes = Array(raw.utf8)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return Person(name: raw) }
        func isLocal(_ c: UInt8) -> Bool { HTMLMarkup.isLetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D || c == 0x2E || c == 0x2B }
        func isDomain(_ c: UInt8) -> Bool { HTMLMarkup.isLetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E }
        var s = at
        while s > 0, isLocal(bytes[s - 1]) { s -= 1 }
        var e = at + 1
        while e < bytes.count, isDomain(bytes[e]) { e += 1 }
        while e > at + 1, bytes[e - 1] == UInt8(ascii: ".") { e -= 1 }
        guard s < at, e > at + 1, bytes[(at + 1)..<e].contains(UInt8(ascii: ".")) else { return Person(name: raw) }
        var emailEnd = e
        // mailto-style "?subject=…" belongs to the address.
        if emailEnd < bytes.count, bytes[emailEnd] == UInt8(ascii: "?") {
            while emailEnd < bytes.count, !HTMLMarkup.isSpace(bytes[emailEnd]), bytes[emailEnd] != UInt8(ascii: ")") { emailEnd += 1 }
        }
        let email = String(decoding: bytes[s..<emailEnd], as: UTF8.self)
        var name = String(decoding: bytes[..<s], as: UTF8.self) + String(decoding: bytes[emailEnd...], as: UTF8.self)
        if name.hasPrefix("mailto:") { name.removeFirst(7) }
        name = name.replacingOccurrences(of: "()", with: "").replacingOccurrences(of: "<>", with: "")
            .replacingOccurrences(of: "&lt;&gt;", with: "").trimmingWhitespace()
        if name.hasPrefix("(") { name.removeFirst() }
        if name.hasSuffix(")") { name.removeLast() }
        name = name.trimmingWhitespace()
        return Person(name: name.isEmpty ? nil : name, email: email)
    }
}
