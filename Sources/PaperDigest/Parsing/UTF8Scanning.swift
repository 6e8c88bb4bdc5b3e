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

    /// Whether `buf` holds `<` or `&`, 32 bytes at a time.
    static func hasMarkup(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = buf.count
        guard n > 0, let base = buf.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let lt = SIMD16<UInt8>(repeating: 0x3C), amp = SIMD16<UInt8>(repeating: 0x26)
        var i = 0
        while i + 32 <= n {
            let a = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let b = raw.loadUnaligned(fromByteOffset: i + 16, as: SIMD16<UInt8>.self)
            if any((a .== lt) .| (a .== amp) .| (b .== lt) .| (b .== amp)) { return true }
            i += 32
        }
        while i < n {
            if buf[i] == 0x3C || buf[i] == 0x26 { return true }
            i += 1
        }
        return false
    }

    static func hasMarkup(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { hasMarkup($0) }
    }

    /// Whether any byte of `s` is one of `a` or `b`.
    static func contains(_ s: String, _ a: UInt8, _ b: UInt8 = 0) -> Bool {
        var s = s
        return s.withUTF8 { buf in
            for c in buf where c == a || (b != 0 && c == b) { return true }
            return false
        }
    }

    @inline(__always) static func isWhite(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    /// Runs of ASCII whitespace become one space; leading and trailing whitespace goes.
    static func collapse(_ whole: UnsafeBufferPointer<UInt8>) -> String {
        var lo = 0, hi = whole.count
        while lo < hi, isWhite(whole[lo]) { lo += 1 }
        while hi > lo, isWhite(whole[hi - 1]) { hi -= 1 }
        guard hi > lo, let base = whole.baseAddress else { return "" }
        let buf = UnsafeBufferPointer(start: base + lo, count: hi - lo)
        if !needsCollapse(buf) { return String(decoding: buf, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: buf.count) { out in
            var n = 0
            var pending = false
            for c in buf {
                if isWhite(c) {
                    pending = true
                } else {
                    if pending { out[n] = 0x20; n += 1; pending = false }
                    out[n] = c
                    n += 1
                }
            }
            return n
        }
    }

    /// Whether `buf` holds a tab, newline, carriage return or two spaces in a row; sixteen
    /// bytes at a time, erring towards "yes" (any control character counts).
    static func needsCollapse(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = buf.count
        guard n > 0, let base = buf.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let space = SIMD16<UInt8>(repeating: 0x20)
        var i = 0
        // Each step compares bytes i..<i+16 and their right neighbours i+1..<i+17.
        while i + 17 <= n {
            let a = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let b = raw.loadUnaligned(fromByteOffset: i + 1, as: SIMD16<UInt8>.self)
            if any((a .< space) .| ((a .== space) .& (b .== space))) { return true }
            i += 16
        }
        var prevSpace = false
        while i < n {
            let c = buf[i]
            if c < 0x20 && isWhite(c) { return true }
            if c == 0x20 { if prevSpace { return true }; prevSpace = true } else { prevSpace = false }
            i += 1
        }
        return false
    }

    /// `s` with whitespace collapsed; `s` itself when there is nothing to change.
    static func collapse(_ s: String) -> String {
        var t = s
        return t.withUTF8 { b in
            if let f = b.first, let l = b.last, !isWhite(f), !isWhite(l), !needsCollapse(b) { return s }
            return collapse(b)
        }
    }
}
