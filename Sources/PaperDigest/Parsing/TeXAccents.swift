import Foundation

/// Decodes the TeX accent commands arXiv metadata uses in names and titles:
/// `Andr\'e` → André, `{\"o}` → ö, `\c{c}` → ç, `\v{s}` → š, `\ss` → ß, `\o` → ø.
enum TeXAccents {
    private static let symbolAccents: [Character: Character] = [
        "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "\"": "\u{308}", "~": "\u{303}",
        "=": "\u{304}", ".": "\u{307}",
    ]
    private static let letterAccents: [String: Character] = [
        "u": "\u{306}", "v": "\u{30C}", "H": "\u{30B}", "c": "\u{327}", "k": "\u{328}",
        "r": "\u{30A}", "d": "\u{323}", "b": "\u{331}",
    ]
    private static let symbols: [String: String] = [
        "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ",
        "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "&": "&", "%": "%", "_": "_",
    ]

    /// `s` with accent commands replaced by the letters they stand for and grouping braces dropped.
    static func decode(_ s: String) -> String {
        guard UTF8Scanning.contains(s, UInt8(ascii: "\\"), UInt8(ascii: "{")) else { return s }
        let chars = Array(s)
        var out = ""
        var i = 0
        func argument(_ j: inout Int) -> String? {
            while j < chars.count, chars[j] == " " { j += 1 }
            guard j < chars.count else { return nil }
            if chars[j] == "{" {
                var k = j + 1
                var inner = ""
                while k < chars.count, chars[k] != "}" { inner.append(chars[k]); k += 1 }
                guard k < chars.count else { return nil }
                j = k + 1
                return decode(inner)
            }
            if chars[j] == "\\" {
                var k = j + 1
                var name = ""
                while k < chars.count, chars[k].isLetter { name.append(chars[k]); k += 1 }
                if let sym = symbols[name] {
                    j = k
                    return sym == "ı" ? "i" : sym == "ȷ" ? "j" : sym
                }
                return nil
            }
            let c = chars[j]
            j += 1
            return String(c)
        }
        while i < chars.count {
            let c = chars[i]
            if c == "{" || c == "}" { i += 1; continue }
            guard c == "\\", i + 1 < chars.count else { out.append(c); i += 1; continue }
            let n = chars[i + 1]
            if let mark = symbolAccents[n] {
                var j = i + 2
                if let arg = argument(&j), let first = arg.first {
                    out += String(first) + String(mark) + arg.dropFirst()
                    i = j
                    continue
                }
            } else if n.isLetter {
                var k = i + 1
                var name = ""
                while k < chars.count, chars[k].isLetter { name.append(chars[k]); k += 1 }
                if let mark = letterAccents[name] {
                    var j = k
                    if let arg = argument(&j), let first = arg.first {
                        out += String(first) + String(mark) + arg.dropFirst()
                        i = j
                        continue
                    }
                }
                if let sym = symbols[name] {
                    out += sym
                    i = k
                    if i < chars.count, chars[i] == " " { i += 1 }
                    continue
                }
            } else if let sym = symbols[String(n)] {
                out += sym
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return out.precomposedStringWithCanonicalMapping
    }
}
