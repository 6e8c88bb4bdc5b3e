import Foundation

/// What `HTTPClient.get` ends with: the last response after following redirects.
public struct HTTPResult: Sendable, Hashable {
    /// One redirect that was followed.
    public struct Redirect: Sendable, Hashable {
        public var status: Int
        public var from: String
        public var to: String

        public init(status: Int, from: String, to: String) {
            self.status = status
            self.from = from
            self.to = to
        }
    }

    /// The final (non-redirect) response.
    public var response: HTTPResponse
    /// The URL first asked for.
    public var requestedURL: String
    /// The redirects followed, in order.
    public var redirects: [Redirect]
    /// Where the document now lives for good: the last URL reached through permanent
    /// redirects (`301` / `308`) only, starting from `requestedURL`; `nil` when the first hop
    /// was temporary or there was none.
    public var permanentURL: String?
    /// Seconds for the whole exchange, redirects included.
    public var elapsed: Double

    public init(
        response: HTTPResponse, requestedURL: String, redirects: [Redirect] = [], permanentURL: String? = nil,
        elapsed: Double = 0
    ) {
        self.response = response
        self.requestedURL = requestedURL
        self.redirects = redirects
        self.permanentURL = permanentURL
        self.elapsed = elapsed
    }

    /// The URL that answered.
    public var finalURL: String { response.url }
}
