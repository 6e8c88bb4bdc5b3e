import CLibXML2

/// Which character encoding to read a document in, by feedparser's rules: a byte-order mark
/// first, then the HTTP `charset`, then the XML declaration, then UTF-8. Latin-1 labels are
/// read as Windows-1252 (what such feeds really contain), and a UTF-8 label on bytes that are
/// not UTF-8 falls back to Windows-1252 with a warning.
struct FeedEncoding {
    /// The encoding name handed to libxml2 when it must not trust the document's declaration.
    var override: String?
    /// The encoding the document is read in, lower-case.
    var name: String
    var warning: String?

    static func choose(_ b: UnsafeBufferPointer<UInt8>, contentType: String?) -> FeedEncoding {
        // Byte-order marks win.
        if b.count >= 2 {
            if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
                return check(FeedEncoding(override: nil, name: "utf-8"), b)
            }
            if b[0] == 0xFE, b[1] == 0xFF { return FeedEncoding(override: nil, name: "utf-16be") }
            if b[0] == 0xFF, b[1] == 0xFE { return FeedEncoding(override: nil, name: "utf-16le") }
        }
        if b.count >= 4, b[0] == 0, b[1] == 0x3C, b[2] == 0, b[3] == 0x3F { return FeedEncoding(override: nil, name: "utf-16be") }
        if b.count >= 4, b[0] == 0x3C, b[1] == 0, b[2] == 0x3F, b[3] == 0 { return FeedEncoding(override: nil, name: "utf-16le") }

        let declared = declaredEncoding(b)
        let http = contentType.flatMap(charset(in:))
        var chosen = http ?? declared ?? "utf-8"
        var warning: String?
        if ["iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "iso8859-1", "l1"].contains(chosen) {
            chosen = "windows-1252"
        }
        if chosen != "utf-8", chosen != "utf8", xmlFindCharEncodingHandler(chosen) == nil {
            warning = "unknown charset '\(chosen)'; read as utf-8"
            chosen = "utf-8"
        }
        if chosen == "utf8" { chosen = "utf-8" }
        let needsOverride = chosen != (declared ?? "utf-8")
        return check(FeedEncoding(override: needsOverride ? chosen : nil, name: chosen, warning: warning), b)
    }

    /// A document labelled UTF-8 whose bytes are not UTF-8 is read as Windows-1252.
    private static func check(_ e: FeedEncoding, _ b: UnsafeBufferPointer<UInt8>) -> FeedEncoding {
        guard e.name == "utf-8", !isValidUTF8(b) else { return e }
        return FeedEncoding(override: "windows-1252", name: "windows-1252", warning: "document is labelled utf-8 but is not; read as windows-1252")
    }

    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        guard let base = b.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        while i < n {
            // Fast paths: 32, then 8 ASCII bytes at a time.
            while i + 32 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                if w & 0x8080_8080_8080_8080 != 0 { break }
                i += 32
            }
            if i == n { break }
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minScalar: UInt32 = 0
            var v: UInt32 = 0
            if c & 0xE0 == 0xC0 { need = 1; v = UInt32(c & 0x1F); minScalar = 0x80 } else if c & 0xF0 == 0xE0 { need = 2; v = UInt32(c & 0x0F); minScalar = 0x800 } else if c & 0xF8 == 0xF0 { need = 3; v = UInt32(c & 0x07); minScalar = 0x10000 } else { return false }
            guard i + need < n else { return false }
            for k in 1...need {
                let d = b[i + k]
                guard d & 0xC0 == 0x80 else { return false }
                v = (v << 6) | UInt32(d & 0x3F)
            }
            guard v >= minScalar, v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { return false }
            i += need + 1
        }
        return true
    }

    /// The `encoding="…"` of the XML declaration, lower-case.
    static func declaredEncoding(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        guard i + 5 < b.count, b[i] == UInt8(ascii: "<"), b[i + 1] == UInt8(ascii: "?"), b[i + 2] == UInt8(ascii: "x") else { return nil }
        var end = i
        while end + 1 < b.count, end < i + 500, !(b[end] == UInt8(ascii: "?") && b[end + 1] == UInt8(ascii: ">")) { end += 1 }
        let decl = String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self)
        guard let r = decl.range(of: "encoding") else { return nil }
        var rest = decl[r.upperBound...].drop(while: { $0 == " " || $0 == "=" })
        guard let q = rest.first, q == "\"" || q == "'" else { return nil }
        rest = rest.dropFirst()
        let value = rest.prefix(while: { $0 != q })
        return value.isEmpty ? nil : value.lowercased()
    }

    /// The `charset` parameter of a Content-Type header, lower-case.
    static func charset(in contentType: String) -> String? {
        for part in contentType.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharactersASCII().lowercased() == "charset" else { continue }
            var v = kv[1].trimmingCharactersASCII()
            if v.hasPrefix("\"") || v.hasPrefix("'") { v.removeFirst() }
            if v.hasSuffix("\"") || v.hasSuffix("'") { v.removeLast() }
            return v.isEmpty ? nil : v.lowercased()
        }
        return nil
    }
}
