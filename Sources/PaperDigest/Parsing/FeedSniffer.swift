/// A first look at the bytes: JSON, HTML or (by default) XML.
struct FeedSniffer {
    var looksLikeJSON = false
    var looksLikeHTML = false

    init(_ b: UnsafeBufferPointer<UInt8>) {
        var i = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        while i < b.count, HTMLMarkup.isSpace(b[i]) { i += 1 }
        guard i < b.count else { return }
        if b[i] == UInt8(ascii: "{") { looksLikeJSON = true; return }
        func hasPrefixCI(_ lit: String, at k: Int) -> Bool {
            let l = Array(lit.utf8)
            guard k + l.count <= b.count else { return false }
            for (j, ch) in l.enumerated() {
                var x = b[k + j]
                if x >= 0x41 && x <= 0x5A { x += 32 }
                if x != ch { return false }
            }
            return true
        }
        // Skip an XML declaration and comments before the first element.
        var k = i
        while k < b.count {
            while k < b.count, HTMLMarkup.isSpace(b[k]) { k += 1 }
            if hasPrefixCI("<?", at: k) || hasPrefixCI("<!--", at: k) {
                let close: UInt8 = UInt8(ascii: ">")
                while k < b.count, b[k] != close { k += 1 }
                k += 1
                continue
            }
            break
        }
        if hasPrefixCI("<html", at: k) {
            looksLikeHTML = true
        }
    }
}
