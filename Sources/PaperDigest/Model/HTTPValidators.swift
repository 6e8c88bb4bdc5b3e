import Foundation

/// What a server said about a document's version, sent back on the next request so the
/// server can answer `304 Not Modified` (`If-None-Match` / `If-Modified-Since`).
public struct HTTPValidators: Sendable, Hashable, Codable {
    /// The `ETag` header, verbatim (quotes and `W/` kept).
    public var etag: String?
    /// The `Last-Modified` header, verbatim.
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// No validators: the request is unconditional. (Not `.none`, which reads as `nil` where
    /// an optional is expected.)
    public static let empty = HTTPValidators()

    public var isEmpty: Bool { etag == nil && lastModified == nil }
}
