import Foundation

/// The identity of one paper or post, whatever feeds carried it: the arXiv id without
/// version, else the DOI, else the feed's GUID, else the canonical URL.
///
/// Its `rawValue` is what the `items.canonical_key` column holds: `arxiv:2401.01234`,
/// `doi:10.1000/xyz`, `guid:…`, `url:https://example.org/post`.
public struct ItemKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func arxiv(_ id: String) -> ItemKey { ItemKey(rawValue: "arxiv:" + id) }

    /// Chooses the strongest identity available.
    public static func make(arxivID: String?, doi: String?, guid: String?, url: String?) -> ItemKey? {
        if let arxivID, !arxivID.isEmpty { return .arxiv(arxivID) }
        if let doi, !doi.isEmpty { return ItemKey(rawValue: "doi:" + doi) }
        // A GUID that is a URL is keyed as that URL, so the same post found through
        // a `guid` in one feed and a `link` in another is one item.
        if let guid, !guid.isEmpty {
            if let canonical = canonicalURL(guid) { return ItemKey(rawValue: "url:" + canonical) }
            return ItemKey(rawValue: "guid:" + guid)
        }
        if let url, let canonical = canonicalURL(url) { return ItemKey(rawValue: "url:" + canonical) }
        return nil
    }

    // MARK: - arXiv and DOI

    /// The arXiv id (without version) named by an arXiv URL: `/abs/`, `/pdf/`, `/html/`.
    public static func arxivID(inURL url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased(),
            host == "arxiv.org" || host.hasSuffix(".arxiv.org")
        else { return nil }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2, ["abs", "pdf", "html"].contains(parts[0]) else { return nil }
        var id = parts[1...].joined(separator: "/")
        if id.hasSuffix(".pdf") { id.removeLast(4) }
        return stripVersion(id).id
    }

    /// Splits `2401.01234v3` into `2401.01234` and `3`.
    public static func stripVersion(_ id: String) -> (id: String, version: Int?) {
        guard let v = id.lastIndex(of: "v"), let version = Int(id[id.index(after: v)...]),
            v > id.startIndex, id[id.index(before: v)].isNumber
        else { return (id, nil) }
        return (String(id[..<v]), version)
    }

    /// Lower-cased DOI without a resolver prefix: `https://doi.org/10.1/X` → `10.1/x`.
    public static func normalizedDOI(_ doi: String) -> String? {
        var value = doi.lowercased()
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]
        where value.hasPrefix(prefix) {
            value.removeFirst(prefix.count)
        }
        value = value.filter { !$0.isWhitespace }
        return value.hasPrefix("10.") ? value : nil
    }

    // MARK: - URLs

    /// Query parameters that only track the reader and never change what a URL names.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok",
        "igshid", "yclid", "ref_src", "ref_url", "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc",
    ]

    /// The URL reduced to what names the resource: scheme and host lower-cased, `http`
    /// unified with `https`, default port, fragment and tracking parameters (`utm_*`,
    /// `fbclid`, …) removed, remaining parameters sorted.
    public static func canonicalURL(_ string: String) -> String? {
        guard var components = URLComponents(string: string.trimmedWhitespace),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        components.scheme = "https"
        components.host = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        if components.port == 80 || components.port == 443 { components.port = nil }
        components.fragment = nil
        if let items = components.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }.sorted { ($0.name, $0.value ?? "") < ($1.name, $1.value ?? "") }
            components.queryItems = kept.isEmpty ? nil : kept
        }
        if components.path.isEmpty { components.path = "/" }
        return components.string
    }
}

extension String {
    /// Leading and trailing whitespace and newlines removed, without Foundation's slow
    /// `trimmingCharacters(in:)`.
    var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
