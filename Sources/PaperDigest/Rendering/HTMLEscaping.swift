import Mustache

/// Mustache's HTML escaping (`<`, `>`, `&`, `"`, `'` to the same entities), done over
/// UTF-8 bytes instead of a dictionary lookup per `Character`; text with none of the five
/// (most text) is returned as it is. Registered under the name `HTML` before templates are
/// parsed; a template opts in with `{{% CONTENT_TYPE: HTML}}` (the output is the same
/// without it, only slower).
struct FastHTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var needsEscaping = false
        for byte in text.utf8 where byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x22 || byte == 0x27 {
            needsEscaping = true
            break
        }
        guard needsEscaping else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Registers the escaping once per process.
    static let registered: Void = {
        MustacheContentTypes.register(FastHTMLEscaping(), named: "HTML")
    }()
}
