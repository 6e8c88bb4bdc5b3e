/// Byte-level helpers for the hot paths: searching and collapsing whitespace over UTF-8
/// without going through Foundation's `NSString` bridging.
enum UTF8Scanning {
    /// The offset of the first occurrence of `needle` in `haystack[from..<limit]`, if any.
    static func find(_ needle: StaticString, in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0, limit: Int? = nil) -> Int? {
        let n = needle.utf8CodeUnitCount
        let end = min(limit ?? haystack.count, haystack.count)
        guard n > 0, end - from >= n else { return nil }
        let first = needle.utf8Start[0]
        var i = from
        while i <= end - n {
            if haystack[i] == first {
                var k = 1
                while k < n, haystack[i + k] == needle.utf8Start[k] { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether any byte of `s` is one of `a` or `b`.
    static func contains(_ s: String, _ a: UInt8, _ b: UInt8 = 0) -> Bool {
        var s = s
        return s.withUTF8 { buf in
            for c in buf where c == a || (b != 0 && c == b) { return true }
            return false
        }
    }

    /// Runs of ASCII whitespace become one space; leading and trailing whitespace goes.
    static func collapse(_ buf: UnsafeBufferPointer<UInt8>) -> String {
        // Fast path: single spaces only, nothing to trim — one copy.
        var clean = buf.count > 0 && buf[0] != 0x20 && buf[buf.count - 1] != 0x20
        if clean {
            var prevSpace = false
            for c in buf {
                if c <= 0x20 {
                    if c != 0x20 || prevSpace { if c == 0x0A || c == 0x09 || c == 0x0D || c == 0x20 { clean = false; break } }
                    prevSpace = c == 0x20
                } else {
                    prevSpace = false
                }
            }
        }
        if clean { return String(decoding: buf, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(buf.count)
        var pending = false
        for c in buf {
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D {
                pending = !out.isEmpty
            } else {
                if pending { out.append(0x20); pending = false }
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func collapse(_ s: String) -> String {
        var s = s
        return s.withUTF8 { collapse($0) }
    }
}
