/// Resolves relative references against a base URL the way RFC 3986 §5 says, on plain
/// strings: absolute references come back untouched (no case folding, no percent
/// normalisation), so ids keep their exact spelling.
enum URLResolver {
    /// Schemes a base or a resolved link may use; anything else (`javascript:`, `data:` …) is
    /// not accepted as a base.
    static let acceptableSchemes: Set<String> = [
        "http", "https", "ftp", "ftps", "file", "feed", "gopher", "mailto", "news", "nntp",
        "rtsp", "sftp", "ssh", "tag", "telnet", "urn", "magnet", "irc", "git", "svn",
    ]

    /// The scheme of `s` (lower-cased) when it starts with one.
    static func scheme(of s: Substring) -> Substring? {
        var i = s.startIndex
        guard i < s.endIndex, s[i].isASCII, s[i].isLetter else { return nil }
        while i < s.endIndex {
            let c = s[i]
            if c == ":" { return s[s.startIndex..<i] }
            guard c.isASCII, c.isLetter || c.isNumber || c == "+" || c == "-" || c == "." else { return nil }
            i = s.index(after: i)
        }
        return nil
    }

    static func isAbsolute(_ s: String) -> Bool { scheme(of: Substring(s)) != nil }

    /// Repairs a base such as `http:///example.com/` (too many slashes after the scheme).
    static func cleanBase(_ s: String) -> String {
        guard let sch = scheme(of: Substring(s)) else { return s }
        let rest = s[s.index(sch.endIndex, offsetBy: 1)...]
        if rest.hasPrefix("///"), sch.lowercased() != "file" {
            return String(sch) + "://" + rest.drop(while: { $0 == "/" })
        }
        return s
    }

    /// `reference` resolved against `base`; `reference` itself when `base` is nil or unusable.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !base.isEmpty else { return trimmed(reference) }
        let ref = trimmed(reference)
        if scheme(of: Substring(ref)) != nil { return ref }
        let b = Components(cleanBase(base))
        guard let bScheme = b.scheme else { return ref }
        var r = Components(ref)
        if r.authority != nil {
            r.path = removeDotSegments(r.path)
        } else if r.path.isEmpty {
            r.path = b.path
            if r.query == nil { r.query = b.query }
            r.authority = b.authority
        } else {
            if r.path.hasPrefix("/") {
                r.path = removeDotSegments(r.path)
            } else {
                let merged: String
                if b.authority != nil && b.path.isEmpty {
                    merged = "/" + r.path
                } else if let slash = b.path.lastIndex(of: "/") {
                    merged = b.path[...slash] + r.path
                } else {
                    merged = r.path
                }
                r.path = removeDotSegments(merged)
            }
            r.authority = b.authority
        }
        r.scheme = bScheme
        return r.string
    }

    private static func trimmed(_ s: String) -> String {
        if let f = s.utf8.first, let l = s.utf8.last, !HTMLMarkup.isSpace(f), !HTMLMarkup.isSpace(l) { return s }
        var sub = Substring(s)
        while let f = sub.first, f == " " || f == "\n" || f == "\t" || f == "\r" { sub.removeFirst() }
        while let l = sub.last, l == " " || l == "\n" || l == "\t" || l == "\r" { sub.removeLast() }
        return String(sub)
    }

    private struct Components {
        var scheme: String?
        var authority: String?
        var path: String = ""
        var query: String?
        var fragment: String?

        init(_ s: String) {
            var rest = Substring(s)
            if let hash = rest.firstIndex(of: "#") {
                fragment = String(rest[rest.index(after: hash)...])
                rest = rest[..<hash]
            }
            if let q = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: q)...])
                rest = rest[..<q]
            }
            if let sch = URLResolver.scheme(of: rest) {
                scheme = String(sch)
                rest = rest[rest.index(sch.endIndex, offsetBy: 1)...]
            }
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                let end = rest.firstIndex(of: "/") ?? rest.endIndex
                authority = String(rest[..<end])
                rest = rest[end...]
            }
            path = String(rest)
        }

        var string: String {
            var out = ""
            if let scheme { out += scheme + ":" }
            if let authority { out += "//" + authority }
            out += path
            if let query { out += "?" + query }
            if let fragment { out += "#" + fragment }
            return out
        }
    }

    private static func removeDotSegments(_ path: String) -> String {
        guard path.utf8.contains(UInt8(ascii: ".")) else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let absolute = path.hasPrefix("/")
        for (i, seg) in segments.enumerated() {
            if i == 0 && absolute { continue }
            if seg == "." {
                if i == segments.count - 1 { output.append("") }
            } else if seg == ".." {
                if !output.isEmpty { output.removeLast() }
                if i == segments.count - 1 { output.append("") }
            } else {
                output.append(seg)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }
}
