import Foundation

/// PaperDigest's HTTP: conditional GETs of feeds with redirects, a deadline and a body cap.
///
/// The seam is `send`, one exchange without following redirects; `.live` performs it with
/// libcurl, tests pass a closure. `get(_:validators:)` adds what PaperDigest wants on top:
/// User-Agent, validators, and redirects followed here (not by curl) so a permanent move can
/// be stored and a loop reported.
public struct HTTPClient: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// `PaperDigest/<version> (+https://github.com/paperdigest)`.
        public var userAgent: String
        /// Seconds a whole `get` may take, redirects included.
        public var deadline: Double
        /// Largest body accepted, in bytes after gzip / deflate decoding.
        public var maxBodyBytes: Int
        /// Redirects followed before giving up.
        public var maxRedirects: Int
        public var accept: String

        public init(
            userAgent: String = Configuration.defaultUserAgent, deadline: Double = 30,
            maxBodyBytes: Int = 20 << 20, maxRedirects: Int = 10,
            accept: String = Configuration.defaultAccept
        ) {
            self.userAgent = userAgent
            self.deadline = deadline
            self.maxBodyBytes = maxBodyBytes
            self.maxRedirects = maxRedirects
            self.accept = accept
        }

        public static let defaultUserAgent =
            "PaperDigest/\(PaperDigestVersion.current) (+https://github.com/paperdigest)"

        /// Feeds first, then generic XML / JSON, then anything (a web page, for discovery).
        public static let defaultAccept =
            "application/atom+xml, application/rss+xml, application/feed+json, application/rdf+xml;q=0.9, "
            + "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
    }

    public var configuration: Configuration
    /// Performs one exchange and returns whatever status came back; throws
    /// `PaperDigestError` (step `.fetch`) when no complete response arrived.
    public var send: @Sendable (HTTPRequest) async throws -> HTTPResponse

    public init(
        configuration: Configuration = Configuration(),
        send: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) {
        self.configuration = configuration
        self.send = send
    }

    /// GETs `url`, following up to `maxRedirects` redirects, within one deadline.
    ///
    /// Any final status is returned (a `404` is a response, not an error).
    /// - Parameters:
    ///   - url: An absolute `http` or `https` URL.
    ///   - validators: Sent as `If-None-Match` / `If-Modified-Since` on every hop.
    /// - Throws: `PaperDigestError` (step `.fetch`, location `url`) for an invalid URL, a
    ///   redirect loop or too many redirects, a deadline passed, a body over the cap, or a
    ///   transport failure.
    public func get(_ url: String, validators: HTTPValidators = .empty) async throws -> HTTPResult {
        guard HTTPClient.isHTTPURL(url) else {
            throw PaperDigestError(.fetch, "not an absolute http(s) URL", at: url)
        }
        let clock = ContinuousClock()
        let start = clock.now
        var headers: HTTPHeaders = [:]
        headers.add("User-Agent", configuration.userAgent)
        headers.add("Accept", configuration.accept)
        if let etag = validators.etag { headers.add("If-None-Match", etag) }
        if let lastModified = validators.lastModified { headers.add("If-Modified-Since", lastModified) }

        var current = url
        var visited: [String] = [url]
        var redirects: [HTTPResult.Redirect] = []
        var permanentURL: String?
        var onlyPermanentSoFar = true

        while true {
            let remaining = redirects.isEmpty
                ? configuration.deadline : configuration.deadline - (clock.now - start).seconds
            guard remaining > 0 else {
                throw PaperDigestError(
                    .fetch,
                    "deadline of \(formatSeconds(configuration.deadline)) passed (after \(redirects.count) redirects)",
                    at: url)
            }
            let request = HTTPRequest(
                url: current, headers: headers, timeout: remaining, maxBodyBytes: configuration.maxBodyBytes)
            let response: HTTPResponse
            do {
                response = try await send(request)
            } catch let error as PaperDigestError {
                var error = error
                error.location = url == current ? url : "\(url) → \(current)"
                // A later hop only had what was left: name the whole deadline.
                if !redirects.isEmpty, error.reason.hasPrefix("deadline of "),
                   let passed = error.reason.range(of: " passed")
                {
                    let hops = redirects.count == 1 ? "1 redirect" : "\(redirects.count) redirects"
                    error.reason = "deadline of \(formatSeconds(configuration.deadline))"
                        + error.reason[passed.lowerBound...] + " (after \(hops))"
                }
                throw error
            }

            guard HTTPClient.redirectStatuses.contains(response.status) else {
                return HTTPResult(
                    response: response, requestedURL: url, redirects: redirects, permanentURL: permanentURL,
                    elapsed: (clock.now - start).seconds)
            }
            guard let location = response.location, !location.isEmpty else {
                throw PaperDigestError(
                    .fetch, "HTTP \(response.statusDescription) without a Location header", at: current)
            }
            guard let next = HTTPClient.resolve(location, against: current), HTTPClient.isHTTPURL(next) else {
                throw PaperDigestError(
                    .fetch, "HTTP \(response.status) to an unusable Location '\(location)'", at: current)
            }
            redirects.append(HTTPResult.Redirect(status: response.status, from: current, to: next))
            if visited.contains(next) {
                let chain = (visited.drop { $0 != next } + [next]).joined(separator: " → ")
                throw PaperDigestError(.fetch, "redirect loop: \(chain)", at: url)
            }
            guard redirects.count <= configuration.maxRedirects else {
                throw PaperDigestError(.fetch, "more than \(configuration.maxRedirects) redirects", at: url)
            }
            if onlyPermanentSoFar, response.status == 301 || response.status == 308 {
                permanentURL = next
            } else {
                onlyPermanentSoFar = false
            }
            visited.append(next)
            current = next
        }
    }

    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Whether `string` is an absolute http(s) URL with a host.
    public static func isHTTPURL(_ string: String) -> Bool {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return true
    }

    /// Resolves a possibly relative reference (a `Location`, an `href`) against a base URL.
    public static func resolve(_ reference: String, against base: String) -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        let baseURL = URL(string: base)
        if let url = URL(string: trimmed, relativeTo: baseURL) { return url.absoluteURL.absoluteString }
        // Spaces and other unescaped characters in the wild.
        let escaped = trimmed.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed.union(["#", "%"]))
        return escaped.flatMap { URL(string: $0, relativeTo: baseURL)?.absoluteURL.absoluteString }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

/// `30 s`, `1.5 s`, `250 ms`.
func formatSeconds(_ seconds: Double) -> String {
    if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
    if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
    return String(format: "%.1f s", seconds)
}

/// `20 MiB`, `512 KiB`, `300 bytes`.
func formatBytes(_ bytes: Int) -> String {
    if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
    if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    if bytes >= 1 << 10 { return String(format: "%.1f KiB", Double(bytes) / Double(1 << 10)) }
    return "\(bytes) bytes"
}
