import Foundation

/// Reads one feed document (RSS 0.9x / 1.0 / 2.0, Atom 0.3 / 1.0, JSON Feed 1.x) into a
/// `ParsedFeed`. Pure: no I/O, no network, no clock.
///
/// Malformed XML is recovered as far as it goes and reported in `ParsedFeed.warnings`
/// (feedparser's `bozo`); documents that are not feeds, too large, or that try entity
/// tricks are refused with a `PaperDigestError(.parse, …)`.
public struct FeedParser: Sendable {
    /// Documents larger than this many bytes are refused before parsing.
    public var maximumSize: Int

    public init(maximumSize: Int = 50 << 20) {
        self.maximumSize = maximumSize
    }

    /// Parses `data`.
    /// - Parameters:
    ///   - data: the document's bytes as fetched.
    ///   - url: where the document came from; relative links resolve against it.
    ///   - contentType: the HTTP `Content-Type`, whose `charset` overrides the document's own.
    ///   - contentLocation: the HTTP `Content-Location`, which (resolved against `url`) is the base instead.
    public func parse(
        _ data: Data, url: String? = nil, contentType: String? = nil, contentLocation: String? = nil
    ) throws -> ParsedFeed {
        guard data.count <= maximumSize else {
            throw PaperDigestError(
                .parse, "document is \(data.count / (1 << 20)) MiB, larger than the \(maximumSize / (1 << 20)) MiB cap", at: url)
        }
        guard !data.isEmpty else { throw PaperDigestError(.parse, "empty document", at: url) }
        var base = url
        if let contentLocation, !contentLocation.isEmpty {
            base = URLResolver.resolve(contentLocation, against: url)
        }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> ParsedFeed in
            let bytes = raw.bindMemory(to: UInt8.self)
            let sniff = FeedSniffer(bytes)
            if sniff.looksLikeJSON {
                return try JSONFeedReader.read(data, base: base, location: url)
            }
            if sniff.looksLikeHTML {
                throw PaperDigestError(.parse, "not a feed: looks like HTML", at: url)
            }
            var warnings: [String] = []
            let choice = FeedEncoding.choose(bytes, contentType: contentType)
            if let w = choice.warning { warnings.append(w) }
            let builder = FeedBuilder(documentBase: base)
            let reader = XMLFeedReader(builder: builder)
            reader.parse(raw, encoding: choice.override)
            if let refusal = builder.refusal {
                throw PaperDigestError(.parse, refusal, at: url)
            }
            guard builder.sawFeedStructure else {
                if let root = builder.rootName {
                    throw PaperDigestError(.parse, "not a feed: root element is <\(root)>", at: url)
                }
                throw PaperDigestError(.parse, "not a feed: no XML elements found" + (reader.firstError.map { " (\($0))" } ?? ""), at: url)
            }
            var feed = builder.feed
            if !reader.undefinedEntities.isEmpty {
                let names = reader.undefinedEntities.prefix(5).map { "&" + $0 + ";" }.joined(separator: ", ")
                warnings.append("undefined entities kept as text: \(names)")
            }
            if let e = reader.firstError {
                warnings.append("not well-formed XML (\(e)); recovered \(feed.entries.count) entries")
            }
            feed.warnings = warnings + feed.warnings
            feed.encoding = choice.name
            return feed
        }
    }
}
