/// Small, fast passes over HTML fragments found in feeds: resolve relative links against the
/// entry's base URL and write tags the one way feedparser writes them (attributes sorted and
/// double-quoted, `<br />`), so the same markup always reads the same. Text is left as is.
enum HTMLMarkup {
    /// Attributes that hold a URI and are resolved against the base.
    static let uriAttributes: Set<String> = [
        "href", "src", "cite", "background", "longdesc", "usemap", "action", "codebase", "data",
        "classid", "poster", "profile",
    ]

    /// Elements that never have an end tag.
    static let voidElements: Set<String> = [
        "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input",
        "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// `html` with its tags rewritten and relative URIs resolved against `base`.
    static func normalize(_ html: String, base: String?) -> String {
        var s = html
        return s.withUTF8 { buf in
            UTF8Scanning.hasMarkup(buf) ? normalize(bytes: buf, base: base) : html
        }
    }

    private static func normalize(bytes b: UnsafeBufferPointer<UInt8>, base: String?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 16)
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c != UInt8(ascii: "<") {
                if c == UInt8(ascii: "&"), !startsReference(b, at: i) {
                    out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])
                } else {
                    out.append(c)
                }
                i += 1
                continue
            }
            // '<' …
            guard i + 1 < n else { out.append(c); i += 1; continue }
            let d = b[i + 1]
            if d == UInt8(ascii: "!") {
                if i + 3 < n, b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                    var j = i + 4
                    while j + 2 < n, !(b[j] == UInt8(ascii: "-") && b[j + 1] == UInt8(ascii: "-") && b[j + 2] == UInt8(ascii: ">")) { j += 1 }
                    let end = min(n, j + 3)
                    out.append(contentsOf: b[i..<end]); i = end; continue
                }
                if i + 2 < n, isLetter(b[i + 2]) {
                    var j = i + 2
                    while j < n, b[j] != UInt8(ascii: ">") { j += 1 }
                    let end = min(n, j + 1)
                    out.append(contentsOf: b[i..<end]); i = end; continue
                }
                out.append(contentsOf: Array("&lt;".utf8)); i += 1; continue
            }
            let closing = d == UInt8(ascii: "/")
            let nameStart = closing ? i + 2 : i + 1
            guard nameStart < n, isLetter(b[nameStart]) else { out.append(c); i += 1; continue }
            var j = nameStart
            while j < n, isNameByte(b[j]) { j += 1 }
            let name = Array(b[nameStart..<j])
            if closing {
                while j < n, b[j] != UInt8(ascii: ">") { j += 1 }
                guard j < n else { out.append(contentsOf: b[i..<n]); i = n; continue }
                out.append(contentsOf: Array("</".utf8)); out.append(contentsOf: name); out.append(UInt8(ascii: ">"))
                i = j + 1; continue
            }
            // Attributes.
            var attrs: [(name: [UInt8], value: [UInt8])] = []
            var ok = false
            while j < n {
                while j < n, isSpace(b[j]) { j += 1 }
                guard j < n else { break }
                if b[j] == UInt8(ascii: ">") { ok = true; j += 1; break }
                if b[j] == UInt8(ascii: "/") {
                    if j + 1 < n, b[j + 1] == UInt8(ascii: ">") { ok = true; j += 2; break }
                    j += 1; continue
                }
                let aStart = j
                while j < n, !isSpace(b[j]), b[j] != UInt8(ascii: "="), b[j] != UInt8(ascii: ">"),
                    !(b[j] == UInt8(ascii: "/") && j + 1 < n && b[j + 1] == UInt8(ascii: ">")) { j += 1 }
                let aName = Array(b[aStart..<j])
                while j < n, isSpace(b[j]) { j += 1 }
                var value: [UInt8]? = nil
                if j < n, b[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < n, isSpace(b[j]) { j += 1 }
                    if j < n, b[j] == UInt8(ascii: "\"") || b[j] == UInt8(ascii: "'") {
                        let q = b[j]; j += 1
                        let vStart = j
                        while j < n, b[j] != q { j += 1 }
                        value = Array(b[vStart..<min(j, n)])
                        if j < n { j += 1 }
                    } else {
                        let vStart = j
                        while j < n, !isSpace(b[j]), b[j] != UInt8(ascii: ">") { j += 1 }
                        value = Array(b[vStart..<j])
                    }
                }
                if !aName.isEmpty { attrs.append((aName, value ?? aName)) }
            }
            guard ok else { out.append(contentsOf: b[i..<n]); i = n; continue }
            let lowerName = String(decoding: name, as: UTF8.self).lowercased()
            out.append(UInt8(ascii: "<")); out.append(contentsOf: name)
            // feedparser declares the namespaces SVG, MathML and XLink markup needs.
            let hasXmlns = attrs.contains { $0.name == Array("xmlns".utf8) }
            if !hasXmlns, lowerName == "svg" { attrs.append((Array("xmlns".utf8), Array("http://www.w3.org/2000/svg".utf8))) }
            if !hasXmlns, lowerName == "math" { attrs.append((Array("xmlns".utf8), Array("http://www.w3.org/1998/Math/MathML".utf8))) }
            if attrs.contains(where: { $0.name.starts(with: Array("xlink:".utf8)) }), !attrs.contains(where: { $0.name == Array("xmlns:xlink".utf8) }) {
                attrs.append((Array("xmlns:xlink".utf8), Array("http://www.w3.org/1999/xlink".utf8)))
            }
            attrs.sort { $0.name.lexicographicallyPrecedes($1.name) }
            for (aName, raw) in attrs {
                var value = raw
                if let base, uriAttributes.contains(String(decoding: aName, as: UTF8.self).lowercased()) {
                    let resolved = URLResolver.resolve(String(decoding: raw, as: UTF8.self), against: base)
                    value = Array(resolved.utf8)
                }
                out.append(UInt8(ascii: " ")); out.append(contentsOf: aName)
                out.append(contentsOf: Array("=\"".utf8))
                appendEscapedAttribute(value, to: &out)
                out.append(UInt8(ascii: "\""))
            }
            // Void elements close themselves; a self-closed non-void one (`<circle/>`) is written
            // as a start tag, as feedparser does.
            if voidElements.contains(lowerName) {
                out.append(contentsOf: Array(" />".utf8))
            } else {
                out.append(UInt8(ascii: ">"))
            }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes `<`, `>`, `"` and bare `&` (one that does not start a character or entity reference).
    static func appendEscapedAttribute<C: Collection>(_ value: C, to out: inout [UInt8]) where C.Element == UInt8, C.Index == Int {
        var k = value.startIndex
        while k < value.endIndex {
            let ch = value[k]
            switch ch {
            case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])
            case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])
            case UInt8(ascii: "\""): out.append(contentsOf: Array("&quot;".utf8))
            case UInt8(ascii: "&"):
                if startsReference(value, at: k) { out.append(ch) } else { out.append(contentsOf: Array("&amp;".utf8)) }
            default: out.append(ch)
            }
            k += 1
        }
    }

    private static func startsReference<C: Collection>(_ v: C, at k: Int) -> Bool where C.Element == UInt8, C.Index == Int {
        var j = k + 1
        guard j < v.endIndex else { return false }
        if v[j] == UInt8(ascii: "#") {
            j += 1
            if j < v.endIndex, v[j] == UInt8(ascii: "x") || v[j] == UInt8(ascii: "X") { j += 1 }
        }
        let start = j
        while j < v.endIndex, isNameByte(v[j]) { j += 1 }
        return j > start && j < v.endIndex && v[j] == UInt8(ascii: ";")
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }
    @inline(__always) static func isNameByte(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: ":") || c == UInt8(ascii: "_")
    }
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C
    }

    /// Escapes text for markup: `&`, `<`, `>`.
    static func appendEscapedText(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for ch in bytes {
            switch ch {
            case UInt8(ascii: "&"): out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])
            case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])
            case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])
            default: out.append(ch)
            }
        }
    }

    /// Whether plain-looking text is really HTML: it closes a tag or uses a character reference.
    static func looksLikeHTML(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { looksLikeHTML(bytes: $0) }
    }

    private static func looksLikeHTML(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "<"), i + 2 < b.count, b[i + 1] == UInt8(ascii: "/"), isLetter(b[i + 2]) {
                var j = i + 2
                while j < b.count, isNameByte(b[j]) { j += 1 }
                if j < b.count, b[j] == UInt8(ascii: ">") { return true }
            } else if b[i] == UInt8(ascii: "&"), startsReference(b, at: i) {
                return true
            }
            i += 1
        }
        return false
    }
}
