import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small real HTTP/1.1 server on 127.0.0.1 for tests: POSIX sockets, an accept thread and
/// one thread per connection, scriptable routes, and a log of every request.
///
/// ```swift
/// let server = try LocalHTTPServer()
/// defer { server.stop() }
/// server.route("/feed.xml", .ok("<rss/>", contentType: "application/rss+xml"))
/// server.route("/slow") { _ in .ok("late").delayed(by: 0.5) }
/// server.serveDirectory(fixtures, at: "/site/")
/// let url = server.url("/feed.xml")          // http://127.0.0.1:PORT/feed.xml
/// server.requests(to: "/feed.xml").count     // what arrived, with headers and times
/// ```
///
/// Routes match the path exactly (query ignored), then the longest directory prefix; anything
/// else is a `404`. Keep-alive is supported; a response may close the connection.
final class LocalHTTPServer: @unchecked Sendable {
    // MARK: - Requests

    /// One request as it arrived.
    struct Request: Sendable {
        var method: String
        /// The request target as sent: path and query.
        var target: String
        var path: String
        var query: String?
        /// Header fields in order; look up with `header(_:)`.
        var headers: [(name: String, value: String)]
        var body: Data
        /// Which connection carried it (1, 2, …): equal numbers mean a reused connection.
        var connection: Int
        /// When the request head had fully arrived.
        var receivedAt: Date
        /// When the server sent the last bytes of its answer (`nil` while answering, or when it
        /// never answered).
        var respondedAt: Date?

        /// The first value of a header field, by case-insensitive name.
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    // MARK: - Responses

    /// What to send back, and how: status, headers and body plus timing and breakage.
    struct Response: Sendable {
        var status: Int
        var reason: String?
        var headers: [(name: String, value: String)]
        var body: Data
        /// Seconds to wait after the request before sending anything.
        var delay: Double = 0
        /// `false`: never answer; wait `delay` seconds, then close the connection.
        var answers = true
        /// Send the body in pieces of this many bytes, `chunkInterval` seconds apart.
        var chunkSize: Int?
        var chunkInterval: Double = 0
        /// `Content-Length` to announce instead of the body's size (a larger value, then a
        /// close, makes a truncated document).
        var declaredLength: Int?
        /// Close the connection after this response.
        var closesConnection = false
        /// `false`: no `Content-Length`; the body ends when the connection closes (HTTP/1.0 style).
        var sendsContentLength = true

        init(status: Int, reason: String? = nil, headers: [(name: String, value: String)] = [], body: Data = Data()) {
            self.status = status
            self.reason = reason
            self.headers = headers
            self.body = body
        }

        /// `200` with a body.
        static func ok(_ body: String, contentType: String = "text/plain; charset=utf-8",
                       headers: [(name: String, value: String)] = []) -> Response {
            ok(Data(body.utf8), contentType: contentType, headers: headers)
        }

        static func ok(_ body: Data, contentType: String = "application/octet-stream",
                       headers: [(name: String, value: String)] = []) -> Response {
            Response(status: 200, headers: [("Content-Type", contentType)] + headers, body: body)
        }

        /// Any status with an optional short text body.
        static func status(_ status: Int, _ body: String = "", headers: [(name: String, value: String)] = []) -> Response {
            Response(status: status, headers: (body.isEmpty ? [] : [("Content-Type", "text/plain")]) + headers,
                     body: Data(body.utf8))
        }

        /// A redirect (`301`, `302`, `303`, `307`, `308`) to `location` (relative or absolute).
        static func redirect(_ status: Int, to location: String) -> Response {
            Response(status: status, headers: [("Location", location)], body: Data("moved\n".utf8))
        }

        /// `200` with the body compressed and `Content-Encoding: gzip` (or `deflate`).
        static func compressed(_ body: Data, contentType: String, encoding: ContentCoding = .gzip) -> Response {
            let encoded = encoding == .gzip ? Compression.gzip(body) : Compression.deflate(body)
            return Response(
                status: 200, headers: [("Content-Type", contentType), ("Content-Encoding", encoding.rawValue)],
                body: encoded)
        }

        /// Reads the request, never answers, closes after `seconds`.
        static func noAnswer(for seconds: Double) -> Response {
            var response = Response(status: 0)
            response.answers = false
            response.delay = seconds
            return response
        }

        /// `200` whose body comes `chunkSize` bytes every `interval` seconds.
        static func trickle(_ body: Data, contentType: String = "application/xml", chunkSize: Int, every interval: Double) -> Response {
            var response = ok(body, contentType: contentType)
            response.chunkSize = chunkSize
            response.chunkInterval = interval
            return response
        }

        /// `200` announcing `declaredLength` bytes, sending `body`, then closing.
        static func truncated(_ body: Data, declaredLength: Int, contentType: String = "application/xml") -> Response {
            var response = ok(body, contentType: contentType)
            response.declaredLength = declaredLength
            response.closesConnection = true
            return response
        }

        /// `200` with no `Content-Length`: the body is delimited by closing the connection.
        static func closeDelimited(_ body: Data, contentType: String = "application/xml") -> Response {
            var response = ok(body, contentType: contentType)
            response.sendsContentLength = false
            response.closesConnection = true
            return response
        }

        /// The same response sent in pieces of `chunkSize` bytes, `interval` seconds apart.
        func trickled(chunkSize: Int, every interval: Double) -> Response {
            var response = self
            response.chunkSize = chunkSize
            response.chunkInterval = interval
            return response
        }

        /// `304` when `If-None-Match` / `If-Modified-Since` match, else `200` with validators.
        static func conditional(
            _ request: Request, body: Data, contentType: String, etag: String? = nil, lastModified: String? = nil
        ) -> Response {
            var validators: [(name: String, value: String)] = []
            if let etag { validators.append(("ETag", etag)) }
            if let lastModified { validators.append(("Last-Modified", lastModified)) }
            let etagMatches = etag != nil && request.header("If-None-Match").map { tags in
                tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" }
            } == true
            let dateMatches = request.header("If-None-Match") == nil && lastModified != nil
                && request.header("If-Modified-Since") == lastModified
            if etagMatches || dateMatches {
                return Response(status: 304, headers: validators)
            }
            return Response(status: 200, headers: [("Content-Type", contentType)] + validators, body: body)
        }

        /// The same response, sent after `seconds`.
        func delayed(by seconds: Double) -> Response {
            var response = self
            response.delay = seconds
            return response
        }

        /// The same response with one more header field.
        func adding(_ name: String, _ value: String) -> Response {
            var response = self
            response.headers.append((name, value))
            return response
        }
    }

    enum ContentCoding: String, Sendable {
        case gzip, deflate
    }

    typealias Handler = @Sendable (Request) -> Response

    // MARK: - State

    /// The port the server listens on (chosen by the system).
    private(set) var port: UInt16 = 0
    private var listener: Int32 = -1
    /// Written once by `stop()`; every waiting response polls it.
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private let state = NSLock()
    private var routes: [String: Handler] = [:]
    private var prefixRoutes: [(prefix: String, handler: Handler)] = []
    private var log: [Request] = []
    private var openConnections: Set<Int32> = []
    private var connectionCount = 0
    private var stopped = false

    /// Starts listening on 127.0.0.1 on a free port.
    init() throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ServerError("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 128) == 0 else {
            close(listener)
            throw ServerError("bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        var wake: [Int32] = [0, 0]
        guard pipe(&wake) == 0 else {
            close(listener)
            throw ServerError("pipe() failed: errno \(errno)")
        }
        wakeRead = wake[0]
        wakeWrite = wake[1]
        // The accept thread holds the server weakly: a server nobody uses any more is
        // deinitialised, which stops it and ends the thread.
        let listening = listener
        let reference = WeakReference(self)
        let thread = Thread { LocalHTTPServer.acceptLoop(listening, server: reference) }
        thread.start()
    }

    deinit {
        stop()
        close(wakeRead)
        close(wakeWrite)
    }

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `http://127.0.0.1:PORT/path`.
    func url(_ path: String) -> String {
        baseURL + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// Answers `path` (exact, query ignored) with the handler's response.
    func route(_ path: String, _ handler: @escaping Handler) {
        state.withLock { routes[path] = handler }
    }

    /// Answers `path` with a fixed response.
    func route(_ path: String, _ response: Response) {
        route(path) { _ in response }
    }

    /// Answers `path` with these responses in turn, repeating the last one.
    func route(_ path: String, sequence responses: [Response]) {
        let counter = Counter()
        route(path) { _ in responses[min(counter.next(), responses.count - 1)] }
    }

    /// Answers every path under `prefix` with the handler's response.
    func route(prefix: String, _ handler: @escaping Handler) {
        state.withLock {
            prefixRoutes.append((prefix, handler))
            prefixRoutes.sort { $0.prefix.count > $1.prefix.count }
        }
    }

    /// Serves the files of `directory` under `prefix` (`/` → `index.html`), with a content
    /// type from the extension and `404` for anything missing or outside it.
    func serveDirectory(_ directory: URL, at prefix: String = "/") {
        let root = directory.standardizedFileURL
        let prefix = prefix.hasSuffix("/") ? prefix : prefix + "/"
        route(prefix: prefix) { request in
            var relative = String(request.path.dropFirst(prefix.count))
            relative = relative.removingPercentEncoding ?? relative
            if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
            guard !relative.split(separator: "/").contains("..") else { return .status(404, "not found\n") }
            let file = root.appendingPathComponent(relative)
            guard let data = try? Data(contentsOf: file) else { return .status(404, "not found\n") }
            return .ok(data, contentType: LocalHTTPServer.contentType(forExtension: file.pathExtension))
        }
    }

    /// Every request so far, in arrival order.
    var requests: [Request] { state.withLock { log } }

    /// The requests for one path (query ignored).
    func requests(to path: String) -> [Request] {
        requests.filter { $0.path == path }
    }

    /// Stops accepting, closes every connection and wakes every waiting response.
    func stop() {
        state.withLock {
            guard !stopped else { return }
            stopped = true
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
            // The accept thread closes the listener when accept() fails.
            shutdown(listener, Int32(SHUT_RDWR))
            // Under the lock: a connection closes its socket under the lock too, so this
            // never reaches a descriptor number already reused elsewhere.
            for connection in openConnections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    // MARK: - Serving

    private static func acceptLoop(_ listening: Int32, server reference: WeakReference) {
        defer { close(listening) }
        while true {
            let client = accept(listening, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            guard let server = reference.server, let number = server.register(client) else {
                close(client)
                return
            }
            let thread = Thread {
                server.serve(client, connection: number)
                server.state.withLock {
                    _ = server.openConnections.remove(client)
                    close(client)
                }
            }
            thread.start()
        }
    }

    /// Numbers a new connection, or nil once stopped.
    private func register(_ client: Int32) -> Int? {
        state.withLock {
            guard !stopped else { return nil }
            connectionCount += 1
            openConnections.insert(client)
            return connectionCount
        }
    }

    private func serve(_ socket: Int32, connection: Int) {
        var buffer = Data()
        while let (head, consumed) = readHead(socket, buffer: &buffer) {
            buffer.removeSubrange(0..<consumed)
            guard var request = parse(head, connection: connection) else { return }
            let length = request.header("Content-Length").flatMap { Int($0) } ?? 0
            while buffer.count < length {
                guard let more = receive(socket) else { return }
                buffer.append(more)
            }
            request.body = buffer.prefix(length)
            buffer.removeSubrange(0..<length)

            let index: Int = state.withLock {
                log.append(request)
                return log.count - 1
            }
            let response = handler(for: request.path)(request)
            // Stamped just before the last bytes go out, so a client that has its answer
            // always finds the time in the log.
            let keepOpen = respond(response, to: request, on: socket) { [self] in
                state.withLock { log[index].respondedAt = Date() }
            }
            if !keepOpen { return }
        }
    }

    private func handler(for path: String) -> Handler {
        let found: Handler? = state.withLock {
            if let exact = routes[path] { return exact }
            return prefixRoutes.first { path.hasPrefix($0.prefix) }?.handler
        }
        return found ?? { _ in Response.status(404, "not found\n") }
    }

    /// Sends the response; false when the connection must close.
    private func respond(
        _ response: Response, to request: Request, on socket: Int32, beforeLastWrite: () -> Void
    ) -> Bool {
        if response.delay > 0, !pause(response.delay, watching: socket) { return false }
        guard response.answers else { return false }

        let hasBody = request.method != "HEAD" && response.status != 304 && response.status != 204
            && !(100..<200).contains(response.status)
        var head = "HTTP/1.1 \(response.status) \(response.reason ?? LocalHTTPServer.reasonPhrase(response.status))\r\n"
        for field in response.headers { head += "\(field.name): \(field.value)\r\n" }
        if hasBody, response.sendsContentLength,
           !response.headers.contains(where: { $0.name.lowercased() == "content-length" })
        {
            head += "Content-Length: \(response.declaredLength ?? response.body.count)\r\n"
        }
        let closes = response.closesConnection || request.header("Connection")?.lowercased() == "close"
        if closes { head += "Connection: close\r\n" }
        head += "\r\n"
        let sendsBody = hasBody && !response.body.isEmpty
        if !sendsBody { beforeLastWrite() }
        guard send(Data(head.utf8), on: socket) else { return false }
        guard sendsBody else { return !closes }

        if let chunkSize = response.chunkSize, chunkSize > 0 {
            var offset = 0
            while offset < response.body.count {
                let end = min(offset + chunkSize, response.body.count)
                if end == response.body.count { beforeLastWrite() }
                guard send(response.body.subdata(in: offset..<end), on: socket) else { return false }
                offset = end
                if offset < response.body.count, !pause(response.chunkInterval, watching: socket) { return false }
            }
        } else {
            beforeLastWrite()
            guard send(response.body, on: socket) else { return false }
        }
        return !closes
    }

    /// Waits `seconds`; false, and sooner, when the server stops or the client hangs up (so a
    /// stalled response does not outlive the test that gave up on it).
    private func pause(_ seconds: Double, watching socket: Int32) -> Bool {
        #if os(Linux)
        let hangup = Int16(0x2000 /* POLLRDHUP */) | Int16(POLLHUP) | Int16(POLLERR)
        #else
        let hangup = Int16(POLLHUP) | Int16(POLLERR)
        #endif
        let until = Date().addingTimeInterval(seconds)
        while true {
            let remaining = until.timeIntervalSinceNow
            if remaining <= 0 { return !state.withLock { stopped } }
            var fds = [pollfd(fd: socket, events: hangup, revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, Int32((min(remaining, 3600) * 1000).rounded(.up)))
            if ready < 0, errno != EINTR { return false }
            if ready > 0 { return false }
        }
    }

    private func send(_ data: Data, on socket: Int32) -> Bool {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                #if canImport(Glibc)
                let sent = Glibc.send(socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                #else
                let sent = Darwin.send(socket, bytes.baseAddress! + offset, bytes.count - offset, 0)
                #endif
                if sent < 0, errno == EINTR { continue }
                guard sent > 0 else { return false }
                offset += sent
            }
            return true
        }
    }

    private func receive(_ socket: Int32) -> Data? {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            return Data(chunk[0..<count])
        }
    }

    /// Reads until a blank line; returns the head and how many buffered bytes it used.
    private func readHead(_ socket: Int32, buffer: inout Data) -> (String, Int)? {
        let separator = Data("\r\n\r\n".utf8)
        while true {
            if let range = buffer.range(of: separator) {
                return (String(decoding: buffer[buffer.startIndex..<range.lowerBound], as: UTF8.self),
                        range.upperBound - buffer.startIndex)
            }
            guard buffer.count < 1 << 20, let more = receive(socket) else { return nil }
            buffer.append(more)
        }
    }

    private func parse(_ head: String, connection: Int) -> Request? {
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return nil }
        let target = String(parts[1])
        let pathAndQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                            String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        return Request(
            method: String(parts[0]), target: target, path: String(pathAndQuery[0]),
            query: pathAndQuery.count > 1 ? String(pathAndQuery[1]) : nil, headers: headers, body: Data(),
            connection: connection, receivedAt: Date(), respondedAt: nil)
    }

    static func contentType(forExtension pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "xml": "application/xml; charset=utf-8"
        case "rss": "application/rss+xml; charset=utf-8"
        case "atom": "application/atom+xml; charset=utf-8"
        case "json": "application/json"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "txt", "md": "text/plain; charset=utf-8"
        case "opml": "text/x-opml; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

/// Lets the accept thread reach the server without keeping it alive.
private final class WeakReference: @unchecked Sendable {
    weak var server: LocalHTTPServer?

    init(_ server: LocalHTTPServer) {
        self.server = server
    }
}

struct ServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A thread-safe counter for routes that answer differently on each call.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// 0, 1, 2, …
    func next() -> Int {
        lock.withLock {
            defer { value += 1 }
            return value
        }
    }
}
