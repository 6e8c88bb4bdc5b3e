import Foundation

/// The answer to one `HTTPRequest`: any status, body decoded (gzip / deflate already undone).
public struct HTTPResponse: Sendable, Hashable {
    /// The URL that answered.
    public var url: String
    public var status: Int
    /// The reason phrase of the status line (`Not Found`), when the server sent one.
    public var reasonPhrase: String?
    public var headers: HTTPHeaders
    public var body: Data
    /// Seconds from the start of the exchange to its end.
    public var elapsed: Double

    public init(
        url: String, status: Int, reasonPhrase: String? = nil, headers: HTTPHeaders = [:],
        body: Data = Data(), elapsed: Double = 0
    ) {
        self.url = url
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
        self.elapsed = elapsed
    }

    /// `ETag` and `Last-Modified` of this response.
    public var validators: HTTPValidators {
        HTTPValidators(etag: headers["ETag"], lastModified: headers["Last-Modified"])
    }

    public var contentType: String? { headers["Content-Type"] }
    public var retryAfter: String? { headers["Retry-After"] }
    public var location: String? { headers["Location"] }

    /// `404 Not Found`: the status and its reason phrase (the standard one when the server sent none).
    public var statusDescription: String {
        let phrase = reasonPhrase.flatMap { $0.isEmpty ? nil : $0 } ?? HTTPResponse.standardReasonPhrase(for: status)
        return phrase.map { "\(status) \($0)" } ?? "\(status)"
    }

    static func standardReasonPhrase(for status: Int) -> String? {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: nil
        }
    }
}
