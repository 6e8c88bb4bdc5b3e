import Foundation

/// Parses the dates feeds write: RFC 822 and its variants (2-digit years, named zones,
/// missing seconds), RFC 3339 / W3C-DTF (fractions, reduced precision), odd ISO 8601 forms,
/// asctime, SQL style, numeric day/month forms and month names in several languages.
///
/// Hand-written over the characters: no `DateFormatter`, nothing allocated per call but the
/// token list.
public enum FeedDate {
    /// The moment `text` names, or nil when it is not a date PaperDigest can read.
    public static func parse(_ text: String) -> Date? {
        var t = text
        if let d = t.withUTF8({ rfc822($0) }) { return d }
        var s = Substring(text)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        guard !s.isEmpty else { return nil }
        if let d = parseISO(s) { return d }
        return parseGeneral(s)
    }

    /// `parse(_:)` over UTF-8 bytes: the common RFC 822 form is read without making a string.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        if let d = rfc822(bytes) { return d }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    // MARK: - Calendar arithmetic

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ sec: Int, offset: Int) -> Date? {
        guard (1...12).contains(mo), d >= 1, d <= daysInMonth(y, mo), (0...24).contains(h), (0...59).contains(mi),
            (0...60).contains(sec), y >= 1, y <= 9999
        else { return nil }
        if h == 24 && (mi != 0 || sec != 0) { return nil }
        let days = daysFromCivil(y, mo, d)
        let t = Double(days) * 86400 + Double(h * 3600 + mi * 60 + min(sec, 59)) - Double(offset)
        // Refuse what lands outside years 1…9999 once the offset is applied.
        guard t >= -62_135_596_800, t < 253_402_300_800 else { return nil }
        return Date(timeIntervalSince1970: t)
    }

    // MARK: - RFC 822 fast path

    private static let shortMonths: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { key($0.utf8) }

    private static func key<C: Collection>(_ c: C) -> UInt32 where C.Element == UInt8 {
        var k: UInt32 = 0
        for x in c { k = (k << 8) | UInt32(x | 0x20) }
        return k
    }

    /// `Thu, 24 Sep 2026 00:00:00 -0400` and its plain variants, read straight from the bytes;
    /// nil sends anything unusual to the general parser.
    static func rfc822(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        let n = b.count
        var i = 0
        // Plain functions over (b, &i), not closures: a closure capturing `i` boxes it and
        // checks exclusivity on every access.
        skipSpaces(b, &i)
        if i < n, HTMLMarkup.isLetter(b[i]) {
            while i < n, HTMLMarkup.isLetter(b[i]) { i += 1 }
            guard i < n, b[i] == UInt8(ascii: ",") else { return nil }
            i += 1
            skipSpaces(b, &i)
        }
        let (day, dd) = number(b, &i, 2)
        guard dd > 0, i < n, b[i] == 0x20 else { return nil }
        skipSpaces(b, &i)
        guard i + 3 <= n else { return nil }
        let mk = key(UnsafeBufferPointer(rebasing: b[i..<(i + 3)]))
        guard let mi = shortMonths.firstIndex(of: mk) else { return nil }
        i += 3
        guard i < n, b[i] == 0x20 else { return nil }
        skipSpaces(b, &i)
        var (year, yd) = number(b, &i, 4)
        guard yd == 4 || yd == 2, i < n, b[i] == 0x20 else { return nil }
        if yd == 2 { year = expandYear(year) }
        skipSpaces(b, &i)
        let (h, hd) = number(b, &i, 2)
        guard hd > 0, i < n, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        let (m, md) = number(b, &i, 2)
        guard md == 2 else { return nil }
        var sec = 0
        if i < n, b[i] == UInt8(ascii: ":") {
            i += 1
            let (sv, sd) = number(b, &i, 2)
            guard sd == 2 else { return nil }
            sec = sv
        }
        guard i < n, b[i] == 0x20 else { return nil }
        skipSpaces(b, &i)
        var offset = 0
        guard i < n else { return nil }
        if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            let (o, od) = number(b, &i, 4)
            guard od == 4, o % 100 <= 59 else { return nil }
            offset = sign * ((o / 100) * 3600 + (o % 100) * 60)
        } else {
            let start = i
            while i < n, HTMLMarkup.isLetter(b[i]) { i += 1 }
            guard i - start <= 4, i > start else { return nil }
            let z = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self).lowercased()
            guard let hours = zones[z], z != "at" else { return nil }
            offset = hours * 3600
        }
        skipSpaces(b, &i)
        guard i == n else { return nil }
        return make(year, mi + 1, day, h, m, sec, offset: offset)
    }

    @inline(__always) private static func skipSpaces(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    /// Up to `maxDigits` decimal digits at `i`: their value and how many there were.
    @inline(__always) private static func number(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ maxDigits: Int) -> (Int, Int) {
        var v = 0, d = 0
        while i < b.count, d < maxDigits, b[i] >= 0x30, b[i] <= 0x39 { v = v * 10 + Int(b[i] - 0x30); i += 1; d += 1 }
        return (v, d)
    }

    // MARK: - ISO 8601 / W3C-DTF / RFC 3339

    private static func digits(_ b: [UInt8], _ i: inout Int, max: Int = 9) -> (value: Int, count: Int) {
        var v = 0, n = 0
        while i < b.count, n < max, b[i] >= 0x30, b[i] <= 0x39 { v = v * 10 + Int(b[i] - 0x30); i += 1; n += 1 }
        return (v, n)
    }

    private static func expandYear(_ yy: Int) -> Int { yy < 70 ? 2000 + yy : 1900 + yy }

    /// Strict forms that start with digits or '-': they either parse whole or are left to the general parser.
    static func parseISO(_ s: Substring) -> Date? {
        let b = Array(s.utf8)
        guard let first = b.first, (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-") else { return nil }
        let allDigits = b.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        if allDigits {
            var i = 0
            switch b.count {
            case 4: return make(digits(b, &i).value, 1, 1, 0, 0, 0, offset: 0)
            case 5:  // YYDDD
                i = 0
                let yy = digits(b, &i, max: 2).value, ddd = digits(b, &i, max: 3).value
                return ordinal(expandYear(yy), ddd)
            case 6:  // YYMMDD
                let yy = digits(b, &i, max: 2).value, mm = digits(b, &i, max: 2).value, dd = digits(b, &i, max: 2).value
                return make(expandYear(yy), mm, dd, 0, 0, 0, offset: 0)
            case 7:  // YYYYDDD
                let y = digits(b, &i, max: 4).value, ddd = digits(b, &i, max: 3).value
                return ordinal(y, ddd)
            case 8:  // YYYYMMDD
                let y = digits(b, &i, max: 4).value, mm = digits(b, &i, max: 2).value, dd = digits(b, &i, max: 2).value
                return make(y, mm, dd, 0, 0, 0, offset: 0)
            case 9, 10:  // Unix time
                return Date(timeIntervalSince1970: Double(digits(b, &i).value))
            default: return nil
            }
        }
        var i = 0
        if b[0] == UInt8(ascii: "-") {
            // -YYMM, -YY-MM
            i = 1
            let yy = digits(b, &i, max: 2)
            guard yy.count == 2 else { return nil }
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            let mm = digits(b, &i, max: 2)
            guard mm.count == 2, i == b.count else { return nil }
            return make(expandYear(yy.value), mm.value, 1, 0, 0, 0, offset: 0)
        }
        let y = digits(b, &i)
        guard y.count == 4 || y.count == 2, i < b.count, b[i] == UInt8(ascii: "-") else { return nil }
        let year = y.count == 2 ? expandYear(y.value) : y.value
        i += 1
        let m = digits(b, &i, max: 3)
        guard m.count >= 1 else { return nil }
        if m.count == 3 && (i >= b.count || b[i] != UInt8(ascii: "-")) {
            // YYYY-DDD ordinal
            guard i == b.count else { return nil }
            return ordinal(year, m.value)
        }
        var day = 1
        if i < b.count, b[i] == UInt8(ascii: "-") {
            i += 1
            let d = digits(b, &i, max: 2)
            guard d.count >= 1 else { return nil }
            day = d.value
        }
        var h = 0, mi = 0, sec = 0, offset = 0
        if i < b.count {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
            i += 1
            while i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
            let hh = digits(b, &i, max: 2)
            guard hh.count >= 1, i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            let mm = digits(b, &i, max: 2)
            guard mm.count == 2 else { return nil }
            h = hh.value; mi = mm.value
            if i < b.count, b[i] == UInt8(ascii: ":") {
                i += 1
                let ss = digits(b, &i, max: 2)
                guard ss.count == 2 else { return nil }
                sec = ss.value
                if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                    i += 1
                    guard digits(b, &i).count > 0 else { return nil }
                }
            }
            while i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                    i += 1
                } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    let oh = digits(b, &i, max: 2)
                    guard oh.count == 2 else { return nil }
                    var om = 0
                    if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
                    if i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                        let o = digits(b, &i, max: 2)
                        guard o.count == 2 else { return nil }
                        om = o.value
                    }
                    guard oh.value <= 23, om <= 59 else { return nil }
                    offset = sign * (oh.value * 3600 + om * 60)
                    // "…-05:00Z": a stray Z after an offset.
                    if i < b.count, b[i] == UInt8(ascii: "Z") { i += 1 }
                } else {
                    return nil
                }
            }
            guard i == b.count else { return nil }
        } else if m.count == 2 && y.count == 4 && i == b.count {
            // YYYY-MM or YYYY-MM-DD
        }
        guard i == b.count else { return nil }
        return make(year, m.value, day, h, mi, sec, offset: offset)
    }

    private static func ordinal(_ year: Int, _ ddd: Int) -> Date? {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        guard ddd >= 1, ddd <= (leap ? 366 : 365) else { return nil }
        var m = 1, d = ddd
        while d > daysInMonth(year, m) { d -= daysInMonth(year, m); m += 1 }
        return make(year, m, d, 0, 0, 0, offset: 0)
    }

    // MARK: - Everything else

    private enum Token {
        case number(Int, digits: Int)
        case word(String)
        case punct(Character)
    }

    static let monthNames: [String: Int] = {
        var m: [String: Int] = [:]
        let lists: [[String]] = [
            ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
            // French
            ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
            ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov", "déc"],
            ["jan", "fev", "mar", "avr", "mai", "jui", "jul", "aoû", "sep", "oct", "nov", "dec"],
            // German
            ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
            ["jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"],
            // Spanish / Italian / Dutch / Portuguese
            ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
            ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
            ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
            ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
            ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
            ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
            // Hungarian
            ["január", "február", "március", "április", "május", "június", "július", "augusztus", "szeptember", "október", "november", "december"],
            // Greek
            ["ιαν", "φεβ", "μάρ", "απρ", "μάι", "ιούν", "ιούλ", "αύγ", "σεπ", "οκτ", "νοέ", "δεκ"],
            ["ιαν", "φεβ", "μαρ", "απρ", "μαι", "ιουν", "ιουλ", "αυγ", "σεπ", "οκτ", "νοε", "δεκ"],
        ]
        for list in lists {
            for (k, name) in list.enumerated() where m[name] == nil { m[name] = k + 1 }
        }
        m["μάώ"] = 3; m["μαΐ"] = 5; m["sept"] = 9; m["févr"] = 2; m["fevr"] = 2; m["dec"] = 12; m["déc"] = 12
        return m
    }()

    static let englishMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    static let englishDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let otherDays: Set<String> = [
        "lun", "mar", "mer", "jeu", "ven", "sam", "dim", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "mo", "di", "mi", "do", "fr", "sa", "so", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
        "κυρ", "δευ", "τρι", "τετ", "πεμ", "παρ", "σαβ", "lu", "ma", "me", "je", "ve", "di",
        "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
        "hétfő", "kedd", "szerda", "csütörtök", "péntek", "szombat", "vasárnap",
    ]

    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "etc/gmt": 0, "etc/utc": 0, "wet": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "ast": -4, "adt": -3, "akst": -9, "akdt": -8, "hst": -10,
        "at": -4, "et": -5, "ct": -6, "mt": -7, "pt": -8,
        "met": 1, "mest": 2, "cet": 1, "cest": 2, "bst": 1, "west": 1, "eet": 2, "eest": 3, "msk": 3,
        "ist": 5, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13,
    ]

    private static func tokenize(_ s: Substring) -> [Token]? {
        var tokens: [Token] = []
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let d = c.wholeNumberValue, c.isASCII {
                var v = d, n = 1
                i += 1
                while i < chars.count, chars[i].isASCII, let dd = chars[i].wholeNumberValue { v = v * 10 + dd; n += 1; i += 1; if n > 9 { return nil } }
                tokens.append(.number(v, digits: n))
            } else if c.isLetter {
                var w = String(c)
                i += 1
                while i < chars.count {
                    let x = chars[i]
                    if x.isLetter { w.append(x); i += 1; continue }
                    // IANA zone names: Etc/GMT, America/Los_Angeles.
                    if (x == "/" || x == "_"), i + 1 < chars.count, chars[i + 1].isLetter, w.first?.isUppercase == true {
                        w.append(x); i += 1; continue
                    }
                    break
                }
                tokens.append(.word(w))
            } else if c.isWhitespace {
                i += 1
            } else {
                tokens.append(.punct(c))
                i += 1
            }
        }
        return tokens
    }

    static func parseGeneral(_ input: Substring) -> Date? {
        var text = String(input)
        // Drop parenthesised comments: "(Coordinated Universal Time)".
        while let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") {
            text.removeSubrange(open...close)
        }
        for (from, to) in [("a.m.", "am"), ("p.m.", "pm"), ("A.M.", "am"), ("P.M.", "pm")] where text.utf8.contains(UInt8(ascii: ".")) && text.contains(from) {
            text = text.replacingOccurrences(of: from, with: to)
        }
        guard let tokens = tokenize(Substring(text)) else { return nil }

        var year: Int?, month: Int?, day: Int?
        var hour: Int?, minute = 0, second = 0
        var offset: Int?
        var pm: Bool?
        var korean = false
        var zoneName: String?
        var bareNumbers: [(Int, Int)] = []
        var ambiguousMonthWords: [Int] = []
        var monthWords: [Int] = []

        var i = 0
        func peekPunct(_ k: Int, _ c: Character) -> Bool {
            if k < tokens.count, case .punct(let p) = tokens[k], p == c { return true }
            return false
        }
        func number(at k: Int) -> (Int, Int)? {
            if k < tokens.count, case .number(let v, let n) = tokens[k] { return (v, n) }
            return nil
        }
        func parseOffset(_ k: inout Int) -> Int? {
            // at tokens[k] is '+' or '-'
            guard k < tokens.count, case .punct(let p) = tokens[k], p == "+" || p == "-" else { return nil }
            let sign = p == "-" ? -1 : 1
            guard let (v, n) = number(at: k + 1) else { return nil }
            var h = 0, m = 0
            var next = k + 2
            if n == 4 { h = v / 100; m = v % 100 } else if n <= 2 {
                h = v
                if peekPunct(next, ":"), let (mv, mn) = number(at: next + 1), mn == 2 { m = mv; next += 2 } else if peekPunct(next, ":") { return nil }
            } else { return nil }
            guard h <= 23, m <= 59 else { return nil }
            k = next
            return sign * (h * 3600 + m * 60)
        }

        while i < tokens.count {
            switch tokens[i] {
            case .number(let v, let n):
                // A time: H:M[:S[.f]]
                if hour == nil, peekPunct(i + 1, ":"), let (mv, _) = number(at: i + 2) {
                    hour = v; minute = mv
                    i += 3
                    if peekPunct(i, ":"), let (sv, _) = number(at: i + 1) {
                        second = sv
                        i += 2
                        if peekPunct(i, ":") { return nil }
                        if peekPunct(i, "."), number(at: i + 1) != nil { i += 2 }
                    } else if peekPunct(i, ":") { return nil }
                    // An offset straight after the time.
                    if i < tokens.count, case .punct(let p) = tokens[i], p == "+" || p == "-" {
                        guard let o = parseOffset(&i) else { return nil }
                        offset = o
                    }
                    continue
                }
                // A numeric date: a/b/c, a.b.c, a-b-c
                if year == nil, month == nil, i + 4 < tokens.count + 0, case .punct(let sep) = tokens[i + 1], sep == "/" || sep == "." || sep == "-",
                    let (b2, _) = number(at: i + 2), peekPunct(i + 3, sep), let (c3, cn) = number(at: i + 4)
                {
                    if n == 4 {
                        year = v; month = b2; day = c3
                    } else {
                        let y = cn == 4 ? c3 : expandYear(c3)
                        if sep == "/" && v <= 12 && b2 > 12 { month = v; day = b2 } else if sep == "/" && v <= 12 { month = v; day = b2 } else { day = v; month = b2 }
                        year = y
                    }
                    i += 5
                    // "2013-01-27-01": one part too many.
                    if peekPunct(i, sep), number(at: i + 1) != nil { return nil }
                    continue
                }
                // Ordinal suffix glued to a day: 16th, 23rd.
                if i + 1 < tokens.count, case .word(let w) = tokens[i + 1], ["st", "nd", "rd", "th"].contains(w.lowercased()) {
                    bareNumbers.append((v, n))
                    i += 2
                    continue
                }
                // Korean markers.
                if i + 1 < tokens.count, case .word(let w) = tokens[i + 1], w == "년" || w == "월" || w == "일" {
                    korean = true
                    if w == "년" { year = v } else if w == "월" { month = v } else { day = v }
                    i += 2
                    continue
                }
                if n >= 3 {
                    if year != nil { return nil }
                    year = v
                    if n != 4 { return nil }
                } else {
                    bareNumbers.append((v, n))
                }
                i += 1
            case .word(let w):
                let lw = w.lowercased()
                if lw == "am" || lw == "pm" || w == "오전" || w == "오후" {
                    pm = lw == "pm" || w == "오후"
                    if w == "오전" || w == "오후" { korean = true }
                } else if w == "AT" {
                    offset = -4 * 3600
                } else if lw == "t" || lw == "at" || lw == "of" || lw == "de" || lw == "um" || lw == "à" {
                    // separators
                } else if let z = zones[lw] {
                    offset = z * 3600
                    if i + 1 < tokens.count, case .punct(let p) = tokens[i + 1], p == "+" || p == "-" {
                        var k = i + 1
                        guard let o = parseOffset(&k) else { return nil }
                        offset = o
                        i = k
                        continue
                    }
                } else if w.utf8.contains(UInt8(ascii: "/")) {
                    guard TimeZone(identifier: w) != nil else { return nil }
                    offset = Int.min + 1  // resolved once the local time is known
                    zoneName = w
                } else if let m = monthNumber(lw) {
                    if lw == "mar" || lw == "mer" { ambiguousMonthWords.append(m) } else { monthWords.append(m) }
                } else if isWeekday(lw) {
                    // ignored
                } else {
                    return nil
                }
                i += 1
            case .punct(let p):
                if (p == "+" || p == "-"), hour != nil, offset == nil {
                    guard let o = parseOffset(&i) else { return nil }
                    offset = o
                    continue
                }
                i += 1
            }
        }

        if month == nil {
            if let m = monthWords.first { month = m } else if let m = ambiguousMonthWords.first { month = m }
        }
        var numbers = bareNumbers[...]
        if day == nil, month != nil, let d = numbers.first { day = d.0; numbers = numbers.dropFirst() }
        if day == nil, month == nil, numbers.count >= 2 {
            day = numbers.first!.0; numbers = numbers.dropFirst()
            month = numbers.first!.0; numbers = numbers.dropFirst()
        }
        if year == nil, let y = numbers.first { year = y.1 == 2 ? expandYear(y.0) : y.0; numbers = numbers.dropFirst() }
        guard var y = year, let mo = month else { return nil }
        if y < 100 && (bareNumbers.contains { $0.1 <= 2 && $0.0 == y }) { y = expandYear(y) }
        var h = hour ?? 0
        if let pm {
            guard h <= 12 else { return nil }
            if pm && h < 12 { h += 12 } else if !pm && h == 12 { h = 0 }
        }
        var off = offset ?? (korean ? 9 * 3600 : 0)
        if off == Int.min + 1, let id = zoneName, let tz = TimeZone(identifier: id) {
            guard let local = make(y, mo, day ?? 1, h, minute, second, offset: 0) else { return nil }
            off = tz.secondsFromGMT(for: local.addingTimeInterval(-Double(tz.secondsFromGMT(for: local))))
        }
        return make(y, mo, day ?? 1, h, minute, second, offset: off)
    }

    private static func monthNumber(_ w: String) -> Int? {
        var w = w
        if w.hasSuffix(".") { w.removeLast() }
        if let m = monthNames[w] { return m }
        if w.count >= 3 {
            for (k, name) in englishMonths.enumerated() where name.hasPrefix(w) { return k + 1 }
        }
        return nil
    }

    private static func isWeekday(_ w: String) -> Bool {
        if otherDays.contains(w) { return true }
        guard w.count >= 3 else { return false }
        return englishDays.contains { $0.hasPrefix(w) }
    }
}
