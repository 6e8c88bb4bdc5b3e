/// Reads arXiv's own fields out of an entry from any of arXiv's feed formats: the current
/// RSS (rss.arxiv.org), the export API's Atom (both serialisations) and the legacy RSS 1.0.
enum ArxivExtractor {
    /// arXiv elements met while the entry was read.
    struct Raw: Sendable {
        var announceType: String?
        var doi: String?
        var journalRef: String?
        var comment: String?
        var primaryCategory: String?
        /// Set by the reader when the summary has no `<` or `&`: its abstract is already plain text.
        var summaryIsPlain = false

        var isEmpty: Bool {
            announceType == nil && doi == nil && journalRef == nil && comment == nil && primaryCategory == nil
        }
    }

    /// An arXiv identifier found in some text: `2401.01234` / `hep-ex/0307015`, and its version.
    struct Identifier: Equatable, Sendable {
        var id: String
        var version: Int?
    }

    /// Fills `entry.arxiv` when the entry is an arXiv paper; cleans its title and authors.
    static func enrich(_ entry: inout Entry, raw: Raw) {
        let idText = entry.id ?? ""
        let linkText = entry.link ?? ""
        let oai = idText.hasPrefix("oai:arXiv.org:")
        let idFromAbs = oai ? nil : absIdentifier(idText)
        let linkFromAbs = absIdentifier(linkText)
        guard !raw.isEmpty || oai || idFromAbs != nil || linkFromAbs != nil else { return }

        // Identifier and version: the most specific source first.
        var found: Identifier?
        if oai {
            var t = idText
            found = t.withUTF8 { identifier(in: UnsafeBufferPointer(rebasing: $0[14...]), anchored: true) }
        }
        if found == nil { found = idFromAbs }
        var descriptionAbstract: String?
        var announceFromDescription: String?
        if var summary = entry.summary {
            summary.withUTF8 { b in
                guard b.count >= 6, b[0] == UInt8(ascii: "a"), b[1] == UInt8(ascii: "r"), b[2] == UInt8(ascii: "X"),
                    b[3] == UInt8(ascii: "i"), b[4] == UInt8(ascii: "v"), b[5] == UInt8(ascii: ":")
                else { return }
                if let fromDescription = identifier(in: UnsafeBufferPointer(rebasing: b[6..<min(b.count, 48)]), anchored: true) {
                    if found == nil || (found?.version == nil && fromDescription.version != nil) { found = fromDescription }
                }
                if let at = UTF8Scanning.find("Announce Type:", in: b, limit: 200) {
                    var i = at + 14
                    while i < b.count, b[i] == 0x20 { i += 1 }
                    let start = i
                    while i < b.count, !HTMLMarkup.isSpace(b[i]) { i += 1 }
                    if i > start { announceFromDescription = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self) }
                }
                if let at = UTF8Scanning.find("Abstract:", in: b, limit: 300) {
                    let rest = UnsafeBufferPointer(rebasing: b[(at + 9)...])
                    let markup = !raw.summaryIsPlain && UTF8Scanning.hasMarkup(rest)
                    descriptionAbstract = markup
                        ? HTMLText.plainText(String(decoding: rest, as: UTF8.self))
                        : UTF8Scanning.collapse(rest)
                }
            }
        }
        // Legacy RSS 1.0 title suffix: "Title. (arXiv:1805.06430v2 [nucl-th] UPDATED)".
        var legacyCategory: String?
        var legacyUpdateKind: String?
        if let title = entry.title, title.hasSuffix(")"), let open = lastRange(of: " (arXiv:", in: title) {
            let inner = title[open.upperBound..<title.index(before: title.endIndex)]
            if let fromTitle = identifier(in: inner, anchored: true) {
                if found == nil || (found?.version == nil && fromTitle.version != nil) { found = fromTitle }
                if let lb = inner.firstIndex(of: "["), let rb = inner.firstIndex(of: "]"), lb < rb {
                    legacyCategory = String(inner[inner.index(after: lb)..<rb])
                    let tail = inner[inner.index(after: rb)...].trimmingCharactersASCII()
                    if !tail.isEmpty { legacyUpdateKind = tail }
                }
                var cleaned = String(title[..<open.lowerBound])
                if cleaned.hasSuffix(".") && !cleaned.hasSuffix("..") { cleaned.removeLast() }
                entry.title = cleaned
            }
        }
        if found == nil { found = linkFromAbs }
        guard let ident = found else { return }

        var info = ArxivInfo(id: ident.id, version: ident.version)
        info.announceType = raw.announceType ?? announceFromDescription ?? legacyUpdateKind.map { kind in
            switch kind.uppercased() {
            case "UPDATED": return "replace"
            case "CROSS LISTED": return "cross"
            default: return kind.lowercased()
            }
        }
        if legacyUpdateKind == nil, raw.announceType == nil, announceFromDescription == nil, legacyCategory != nil {
            info.announceType = "new"
        }
        var categories: [String] = []
        categories.reserveCapacity(entry.categories.count + 2)
        if let p = raw.primaryCategory { categories.append(p) }
        if let c = legacyCategory, !categories.contains(c) { categories.append(c) }
        for c in entry.categories where !categories.contains(c) { categories.append(c) }
        info.categories = categories
        info.doi = raw.doi?.trimmingWhitespace()
        info.journalReference = raw.journalRef
        info.comment = raw.comment

        // The abstract as plain text.
        if let a = descriptionAbstract {
            info.abstract = a
        } else if let s = entry.summary {
            info.abstract = HTMLText.plainText(s)
        }
        if info.abstract?.isEmpty == true { info.abstract = nil }

        // Authors: one dc:creator holding "A, B and C", possibly as HTML links, with TeX accents.
        var authors: [Person] = []
        authors.reserveCapacity(entry.authors.count + 7)
        for person in entry.authors {
            guard var name = person.name else { authors.append(person); continue }
            if UTF8Scanning.contains(name, UInt8(ascii: "<"), UInt8(ascii: "&")) { name = HTMLText.plainText(name) }
            let first = authors.count
            var firstPart: String?
            name.withUTF8 { b in
                forEachAuthor(in: b) { piece in
                    let part = UTF8Scanning.collapse(piece)
                    guard !part.isEmpty else { return }
                    if authors.count == first { firstPart = part }
                    // TeXAccents.decode returns text without a backslash or brace as it is.
                    let tex = piece.contains(UInt8(ascii: "\\")) || piece.contains(UInt8(ascii: "{"))
                    authors.append(Person(name: tex ? TeXAccents.decode(part) : part))
                }
            }
            // One part that is the whole name: the person keeps its address and link.
            if authors.count == first + 1, firstPart == person.name {
                var p = person
                p.name = TeXAccents.decode(name)
                authors[first] = p
            }
        }
        entry.authors = authors
        if let t = entry.title, UTF8Scanning.contains(t, 0x0A, 0x20) { entry.title = collapse(t) }
        entry.arxiv = info
    }

    /// The last occurrence of `needle` in `s`, without Foundation.
    static func lastRange(of needle: String, in s: String) -> Range<String.Index>? {
        let n = Array(needle.utf8)
        let u = s.utf8
        guard u.count >= n.count else { return nil }
        var i = u.index(u.endIndex, offsetBy: -n.count)
        while true {
            if u[i...].starts(with: n) {
                return i..<u.index(i, offsetBy: n.count)
            }
            if i == u.startIndex { return nil }
            i = u.index(before: i)
        }
    }

    /// The identifier after `arxiv.org/abs/` in a URL.
    static func absIdentifier(_ s: String) -> Identifier? {
        guard s.utf8.count < 200 else { return nil }
        var s = s
        return s.withUTF8 { b -> Identifier? in
            guard let at = UTF8Scanning.find("arxiv.org/abs/", in: b) else { return nil }
            return identifier(in: UnsafeBufferPointer(rebasing: b[(at + 14)...]), anchored: true)
        }
    }

    /// `2401.01234v2…` or `hep-ex/0307015v1…` at the start of `s` (when `anchored`) or anywhere.
    static func identifier(in s: Substring, anchored: Bool) -> Identifier? {
        var s = String(s)
        return s.withUTF8 { identifier(in: $0, anchored: anchored) }
    }

    static func identifier(in b: UnsafeBufferPointer<UInt8>, anchored: Bool) -> Identifier? {
        var start = 0
        while start < b.count {
            if let r = identifier(bytes: b, at: start) { return r }
            if anchored { return nil }
            start += 1
        }
        return nil
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func identifier(bytes b: UnsafeBufferPointer<UInt8>, at start: Int) -> Identifier? {
        var i = start
        // New style: YYMM.NNNN(N)
        var d = 0
        while i < b.count, isDigit(b[i]) { i += 1; d += 1 }
        if d == 4, i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var n = 0
            while i < b.count, isDigit(b[i]) { i += 1; n += 1 }
            if n == 4 || n == 5 {
                let id = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                return Identifier(id: id, version: version(b, &i))
            }
            return nil
        }
        // Old style: archive(.SUB)/YYMMNNN
        i = start
        while i < b.count, HTMLMarkup.isLetter(b[i]) || b[i] == UInt8(ascii: "-") { i += 1 }
        guard i > start else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            var j = i + 1
            while j < b.count, HTMLMarkup.isLetter(b[j]) { j += 1 }
            if j - i == 3 { i = j }
        }
        guard i < b.count, b[i] == UInt8(ascii: "/") else { return nil }
        i += 1
        let numStart = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        guard i - numStart == 7 else { return nil }
        let id = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        return Identifier(id: id, version: version(b, &i))
    }

    private static func version(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int? {
        guard i < b.count, b[i] == UInt8(ascii: "v") else { return nil }
        var j = i + 1
        var v = 0
        while j < b.count, isDigit(b[j]) { v = v * 10 + Int(b[j] - 0x30); j += 1 }
        guard j > i + 1 else { return nil }
        i = j
        return v
    }

    /// "A, B and C" → ["A", "B", "C"]; commas inside parentheses stay.
    static func splitAuthors(_ s: String) -> [String] {
        var out: [String] = []
        var s = s
        s.withUTF8 { b in
            forEachAuthor(in: b) { piece in
                let part = UTF8Scanning.collapse(piece)
                if !part.isEmpty { out.append(part) }
            }
        }
        return out
    }

    /// Calls `body` with the bytes of each author in "A, B and C" (whitespace not yet collapsed):
    /// commas and semicolons outside parentheses separate authors, and so does " and ".
    static func forEachAuthor(in b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var depth = 0
        var start = 0
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "(") {
                depth += 1
            } else if c == UInt8(ascii: ")") {
                depth = max(0, depth - 1)
            } else if (c == UInt8(ascii: ",") || c == UInt8(ascii: ";")) && depth == 0 {
                forEachAuthor(inSegment: b, start, i, body)
                start = i + 1
            }
            i += 1
        }
        forEachAuthor(inSegment: b, start, b.count, body)
    }

    /// One comma-separated segment: trimmed, a leading "and " dropped, split on " and ".
    private static func forEachAuthor(
        inSegment b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var lo = from, hi = to
        while lo < hi, HTMLMarkup.isSpace(b[lo]) { lo += 1 }
        while hi > lo, HTMLMarkup.isSpace(b[hi - 1]) { hi -= 1 }
        if hi - lo > 4, b[lo] == UInt8(ascii: "a"), b[lo + 1] == UInt8(ascii: "n"), b[lo + 2] == UInt8(ascii: "d"), HTMLMarkup.isSpace(b[lo + 3]) { lo += 4 }
        var pieceStart = lo
        var i = lo
        while i + 5 <= hi {
            if HTMLMarkup.isSpace(b[i]), b[i + 1] == UInt8(ascii: "a"), b[i + 2] == UInt8(ascii: "n"), b[i + 3] == UInt8(ascii: "d"), HTMLMarkup.isSpace(b[i + 4]) {
                body(UnsafeBufferPointer(rebasing: b[pieceStart..<i]))
                i += 5
                pieceStart = i
                continue
            }
            i += 1
        }
        body(UnsafeBufferPointer(rebasing: b[pieceStart..<hi]))
    }

    static func collapse(_ s: String) -> String { UTF8Scanning.collapse(s) }
}
