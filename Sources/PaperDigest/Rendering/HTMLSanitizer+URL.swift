// URL attributes: which schemes pass, and how relative references are resolved.

extension HTMLSanitizer {
    /// The absolute `http(s)` URL that relative references are resolved against.
    struct BaseURL {
        let parts: URLParts

        /// Nil unless `string` is an absolute `http(s)` URL with a host.
        init?(_ string: String) {
            guard let url = HTMLSanitizer.cleanURL(Array(string.utf8), use: .link, base: nil),
                  HTMLSanitizer.hasHTTPScheme(url)
            else { return nil }
            let parts = URLParts(url)
            guard let authority = parts.authority, !authority.isEmpty else { return nil }
            self.parts = parts
        }
    }

    /// What a URL's text says about its scheme, read the way the WHATWG URL parser reads it.
    enum SchemeScan: Equatable {
        /// No scheme: a relative reference (`/x`, `x.html`, `./a:b`, `?q`, `#f`, `//host`).
        case relative
        /// A lowercased, syntactically valid scheme.
        case scheme(String)
        /// Something before a colon that is not a valid scheme (`java\u{1}script:`): rejected,
        /// because browsers have disagreed about such strings.
        case invalid
    }

    /// Returns the URL to write for `raw`, or nil when the attribute must be dropped.
    ///
    /// `raw` is the attribute value as parsed, entities already decoded. Leading and trailing
    /// C0 controls and spaces are stripped and tabs and newlines removed, as browsers do before
    /// they look at the scheme, so `jav&#x09;ascript:` and ` javascript:` are seen for what they are.
    static func cleanURL(_ raw: [UInt8], use: URLUse, base: BaseURL?) -> [UInt8]? {
        var start = raw.startIndex
        var end = raw.endIndex
        while start < end, raw[start] <= 0x20 { start += 1 }
        while end > start, raw[end - 1] <= 0x20 { end -= 1 }
        var url: [UInt8] = []
        url.reserveCapacity(end - start)
        for byte in raw[start..<end] where byte != 0x09 && byte != 0x0A && byte != 0x0D {
            url.append(byte)
        }
        if url.isEmpty { return nil }

        switch scanScheme(url) {
        case .invalid:
            return nil
        case .relative:
            guard let base else { return url }
            return resolve(url, against: base)
        case .scheme(let scheme):
            switch scheme {
            case "http", "https": return url
            case "mailto": return use == .link ? url : nil
            case "data": return use == .image && isRasterImageData(url) ? url : nil
            default: return nil
            }
        }
    }

    static func scanScheme(_ url: [UInt8]) -> SchemeScan {
        guard let colon = url.firstIndex(where: { $0 == 0x3A || $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }),
              url[colon] == 0x3A
        else { return .relative }
        if colon == 0 { return .invalid }
        var scheme = ""
        scheme.reserveCapacity(colon)
        for (offset, byte) in url[..<colon].enumerated() {
            let lower = byte | 0x20
            let isLetter = lower >= 0x61 && lower <= 0x7A
            let isOther = (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
            guard isLetter || (offset > 0 && isOther) else { return .invalid }
            scheme.unicodeScalars.append(Unicode.Scalar(isLetter ? lower : byte))
        }
        return .scheme(scheme)
    }

    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    static func hasHTTPScheme(_ url: [UInt8]) -> Bool {
        switch scanScheme(url) {
        case .scheme("http"), .scheme("https"): true
        default: false
        }
    }

    /// `data:image/png|gif|jpeg|webp` followed by `;` or `,`; SVG is not a raster image.
    static func isRasterImageData(_ url: [UInt8]) -> Bool {
        let prefix = "data:image/".utf8
        guard url.count > prefix.count + 4 else { return false }
        for (byte, expected) in zip(url, prefix) where asciiLowercased(byte) != expected {
            return false
        }
        var type = ""
        var index = prefix.count
        while index < url.count, url[index] != 0x3B, url[index] != 0x2C, type.utf8.count < 5 {
            type.unicodeScalars.append(Unicode.Scalar(asciiLowercased(url[index])))
            index += 1
        }
        guard index < url.count, url[index] == 0x3B || url[index] == 0x2C else { return false }
        return ["png", "gif", "jpeg", "jpg", "webp"].contains(type)
    }

    /// Resolves a relative reference as RFC 3986 section 5.2 says.
    ///
    /// Written out rather than borrowed from libxml2's `xmlBuildURI`, which re-escapes the
    /// result (`a:b` becomes `a%3Ab`, `%2F` becomes `/`) and so changes links that work.
    static func resolve(_ reference: [UInt8], against base: BaseURL) -> [UInt8]? {
        let ref = URLParts(percentEncodedForURI(reference))
        let baseParts = base.parts
        guard let scheme = baseParts.scheme, let baseAuthority = baseParts.authority else { return nil }

        let authority: ArraySlice<UInt8>
        let path: [UInt8]
        let query: ArraySlice<UInt8>?
        if let refAuthority = ref.authority {
            authority = refAuthority
            path = removingDotSegments(Array(ref.path))
            query = ref.query
        } else {
            authority = baseAuthority
            if ref.path.isEmpty {
                path = Array(baseParts.path)
                query = ref.query ?? baseParts.query
            } else if ref.path.first == 0x2F {
                path = removingDotSegments(Array(ref.path))
                query = ref.query
            } else {
                // The base has an authority, so its path is empty or starts with "/".
                var merged: [UInt8] = [0x2F]
                if let slash = baseParts.path.lastIndex(of: 0x2F) { merged = Array(baseParts.path[...slash]) }
                merged.append(contentsOf: ref.path)
                path = removingDotSegments(merged)
                query = ref.query
            }
        }

        var result = Array(scheme)
        result.append(contentsOf: "://".utf8)
        result.append(contentsOf: authority)
        if path.first != 0x2F { result.append(0x2F) }
        result.append(contentsOf: path)
        if let query {
            result.append(0x3F)
            result.append(contentsOf: query)
        }
        if let fragment = ref.fragment {
            result.append(0x23)
            result.append(contentsOf: fragment)
        }
        return result
    }

    /// A URL split into the parts RFC 3986 resolution works on (section 3).
    struct URLParts {
        var scheme: ArraySlice<UInt8>?
        var authority: ArraySlice<UInt8>?
        var path: ArraySlice<UInt8>
        var query: ArraySlice<UInt8>?
        var fragment: ArraySlice<UInt8>?

        init(_ url: [UInt8]) {
            var rest = url[...]
            if let hash = rest.firstIndex(of: 0x23) {
                fragment = rest[(hash + 1)...]
                rest = rest[..<hash]
            }
            if let question = rest.firstIndex(of: 0x3F) {
                query = rest[(question + 1)...]
                rest = rest[..<question]
            }
            if case .scheme = HTMLSanitizer.scanScheme(Array(rest)), let colon = rest.firstIndex(of: 0x3A) {
                scheme = rest[..<colon]
                rest = rest[(colon + 1)...]
            }
            if rest.starts(with: [0x2F, 0x2F]) {
                rest = rest.dropFirst(2)
                let end = rest.firstIndex(of: 0x2F) ?? rest.endIndex
                authority = rest[..<end]
                rest = rest[end...]
            }
            path = rest
        }
    }

    /// RFC 3986 section 5.2.4: resolves `.` and `..` segments.
    static func removingDotSegments(_ path: [UInt8]) -> [UInt8] {
        var output: [[UInt8]] = []
        let absolute = path.first == 0x2F
        let segments = path.split(separator: 0x2F, omittingEmptySubsequences: false).dropFirst(absolute ? 1 : 0)
        var endsWithSlash = false
        for segment in segments {
            endsWithSlash = false
            if segment.elementsEqual([0x2E]) {
                endsWithSlash = true
            } else if segment.elementsEqual([0x2E, 0x2E]) {
                if !output.isEmpty { output.removeLast() }
                endsWithSlash = true
            } else {
                output.append(Array(segment))
            }
        }
        var result: [UInt8] = absolute ? [0x2F] : []
        for (index, segment) in output.enumerated() {
            if index > 0 { result.append(0x2F) }
            result.append(contentsOf: segment)
        }
        if endsWithSlash, !output.isEmpty { result.append(0x2F) }
        return result
    }

    /// Percent-encodes what RFC 3986 does not allow in a reference (spaces, non-ASCII, `"<>\^`{|}[]`,
    /// a `%` not starting an escape), as a browser does before it sends the URL.
    static func percentEncodedForURI(_ bytes: [UInt8]) -> [UInt8] {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        func isHex(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for (index, byte) in bytes.enumerated() {
            let needsEscape: Bool
            switch byte {
            case 0...0x20, 0x7F...0xFF, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D, 0x5B, 0x5D:
                needsEscape = true
            case 0x25:
                needsEscape = !(index + 2 < bytes.count && isHex(bytes[index + 1]) && isHex(bytes[index + 2]))
            default:
                needsEscape = false
            }
            if needsEscape {
                out.append(0x25)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            } else {
                out.append(byte)
            }
        }
        return out
    }
}
