import Foundation

/// One HTTP GET exchange, as `HTTPClient.send` performs it (redirects are not followed there).
public struct HTTPRequest: Sendable, Hashable {
    public var url: String
    /// Request header fields (User-Agent, Accept, validators…), sent as given.
    public var headers: HTTPHeaders
    /// Seconds this exchange may take from start to the last body byte.
    public var timeout: Double
    /// The largest body accepted, in bytes after content decoding.
    public var maxBodyBytes: Int

    public init(url: String, headers: HTTPHeaders = [:], timeout: Double = 30, maxBodyBytes: Int = 20 << 20) {
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
    }
}
