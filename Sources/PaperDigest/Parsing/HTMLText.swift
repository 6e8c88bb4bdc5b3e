import CLibXML2

/// The plain-text form of an HTML fragment, for storage, search and the classifier.
public enum HTMLText {
    private static let blockElements: Set<String> = [
        "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
        "table", "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt",
        "dl", "figure", "figcaption", "aside", "nav", "main",
    ]

    /// `text` escaped for HTML (`<`, `>`, `&`, `"`, `'`, as Mustache escapes them), over UTF-8
    /// bytes; text with none of them (most text) is returned as it is. With `lineBreaks`, a
    /// newline becomes `<br>`.
    public static func escaped(_ text: String, lineBreaks: Bool = false) -> String {
        guard text.utf8.contains(where: {
            $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 || (lineBreaks && $0 == 0x0A)
        })
        else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            case 0x0A where lineBreaks: out.append(contentsOf: "<br>".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `html` with tags dropped, entities decoded, whitespace collapsed to single spaces and
    /// block boundaries (paragraphs, line breaks, list items) turned into newlines.
    ///
    /// - Parameter html: an HTML fragment as a feed carries it (`summary`, `content`).
    public static func plainText(_ html: String) -> String {
        var s = html
        return s.withUTF8 { plainText(bytes: $0) }
    }

    private static func plainText(bytes b: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        // 0: nothing pending, 1: a space, 2: a newline.
        var pending = 0
        func emit(_ c: UInt8) {
            if pending != 0 && !out.isEmpty { out.append(pending == 2 ? 0x0A : 0x20) }
            pending = 0
            out.append(c)
        }
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "<"), i + 1 < n, HTMLMarkup.isLetter(b[i + 1]) || b[i + 1] == UInt8(ascii: "/") || b[i + 1] == UInt8(ascii: "!") {
                // A tag, a comment or a declaration.
                if i + 3 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                    var j = i + 4
                    while j + 2 < n, !(b[j] == UInt8(ascii: "-") && b[j + 1] == UInt8(ascii: "-") && b[j + 2] == UInt8(ascii: ">")) { j += 1 }
                    i = min(n, j + 3)
                    continue
                }
                var j = i + 1
                if b[j] == UInt8(ascii: "/") { j += 1 }
                let nameStart = j
                while j < n, HTMLMarkup.isNameByte(b[j]) { j += 1 }
                let name = String(decoding: b[nameStart..<j], as: UTF8.self).lowercased()
                var quote: UInt8 = 0
                while j < n {
                    let d = b[j]
                    if quote != 0 { if d == quote { quote = 0 } } else if d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") { quote = d } else if d == UInt8(ascii: ">") { break }
                    j += 1
                }
                i = min(n, j + 1)
                if name == "script" || name == "style", b[nameStart - 1] != UInt8(ascii: "/") {
                    // Skip to the closing tag.
                    let closing = Array("</\(name)".utf8)
                    var k = i
                    while k + closing.count <= n {
                        if b[k] == UInt8(ascii: "<"), asciiLowerEquals(b, k, closing) { break }
                        k += 1
                    }
                    while k < n, b[k] != UInt8(ascii: ">") { k += 1 }
                    i = min(n, k + 1)
                    continue
                }
                if blockElements.contains(name) { if !out.isEmpty { pending = 2 } } else if pending == 0, name == "td" { pending = 1 }
                continue
            }
            if c == UInt8(ascii: "&") {
                if let (scalar, next) = decodeReference(b, i) {
                    if scalar == " " || scalar == "\u{A0}" {
                        if pending == 0 && !out.isEmpty { pending = 1 }
                    } else {
                        var buf = [UInt8]()
                        buf.append(contentsOf: String(Character(scalar)).utf8)
                        for x in buf { emit(x) }
                    }
                    i = next
                    continue
                }
                emit(c); i += 1; continue
            }
            if HTMLMarkup.isSpace(c) {
                if pending == 0 && !out.isEmpty { pending = 1 }
                i += 1
                continue
            }
            emit(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func asciiLowerEquals(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ lit: [UInt8]) -> Bool {
        for (k, ch) in lit.enumerated() {
            var x = b[at + k]
            if x >= 0x41 && x <= 0x5A { x += 32 }
            if x != ch { return false }
        }
        return true
    }

    /// Decodes `&name;`, `&#123;` or `&#x1F;` at `i`; returns the scalar and the index after it.
    static func decodeReference(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int)? {
        let n = b.count
        var j = i + 1
        guard j < n else { return nil }
        if b[j] == UInt8(ascii: "#") {
            j += 1
            var hex = false
            if j < n, b[j] == UInt8(ascii: "x") || b[j] == UInt8(ascii: "X") { hex = true; j += 1 }
            var v: UInt32 = 0
            let start = j
            while j < n, j - start < 8 {
                let d = b[j]
                if d >= 0x30 && d <= 0x39 { v = v * (hex ? 16 : 10) + UInt32(d - 0x30) } else if hex, d >= 0x61 && d <= 0x66 { v = v * 16 + UInt32(d - 0x61 + 10) } else if hex, d >= 0x41 && d <= 0x46 { v = v * 16 + UInt32(d - 0x41 + 10) } else { break }
                j += 1
            }
            guard j > start else { return nil }
            if j < n, b[j] == UInt8(ascii: ";") { j += 1 }
            guard let scalar = Unicode.Scalar(v), v != 0 else { return nil }
            return (scalar, j)
        }
        let start = j
        while j < n, j - start < 32, HTMLMarkup.isLetter(b[j]) || (b[j] >= 0x30 && b[j] <= 0x39) { j += 1 }
        guard j > start, j < n, b[j] == UInt8(ascii: ";") else { return nil }
        var name = Array(b[start..<j])
        name.append(0)
        guard let desc = name.withUnsafeBufferPointer({ htmlEntityLookup($0.baseAddress) }), let scalar = Unicode.Scalar(desc.pointee.value) else { return nil }
        return (scalar, j + 1)
    }
}
