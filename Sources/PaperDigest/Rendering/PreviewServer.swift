import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny static file server on 127.0.0.1 for previewing the site: GET and HEAD only,
/// one connection at a time, folders served by their `index.html`. Not for production.
public final class PreviewServer: @unchecked Sendable {
    public let root: String
    public let port: UInt16
    private let listener: Int32

    /// Binds `127.0.0.1:port` (0 picks a free port, read it back from `port`).
    public init(root: String, port: UInt16) throws {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw PaperDigestError(.render, "cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw PaperDigestError(.render, "cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        listener = fd
    }

    deinit { close(listener) }

    /// Serves requests until the process ends, or `maxRequests` have been answered.
    public func run(maxRequests: Int? = nil) throws {
        var served = 0
        while maxRequests.map({ served < $0 }) ?? true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                throw PaperDigestError(.render, "accept failed: \(String(cString: strerror(errno)))")
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            handle(client)
            close(client)
            served += 1
        }
    }

    private func handle(_ client: Int32) {
        var buffer = [UInt8](repeating: 0, count: 8192)
        var request: [UInt8] = []
        while request.count < 65_536 {
            let n = recv(client, &buffer, buffer.count, 0)
            if n <= 0 { break }
            request += buffer[0..<n]
            if Self.hasHeaderEnd(request) { break }
        }
        let head = String(decoding: request, as: UTF8.self)
        let parts = head.split(separator: "\r\n", maxSplits: 1).first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return respond(client, 400, "Bad Request", body: Data("bad request\n".utf8), type: "text/plain") }
        let method = String(parts[0])
        guard method == "GET" || method == "HEAD" else {
            return respond(client, 405, "Method Not Allowed", body: Data("GET or HEAD only\n".utf8), type: "text/plain")
        }
        let target = String(parts[1].split(separator: "?", maxSplits: 1).first ?? "/")
        guard let decoded = target.removingPercentEncoding, decoded.hasPrefix("/"),
            !decoded.split(separator: "/").contains("..")
        else { return respond(client, 400, "Bad Request", body: Data("bad path\n".utf8), type: "text/plain") }
        var path = root + decoded
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            if !decoded.hasSuffix("/") {
                return respond(client, 301, "Moved Permanently", body: Data(), type: "text/plain", extra: "Location: \(target)/\r\n")
            }
            path += "index.html"
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            if let page = FileManager.default.contents(atPath: root + "/404.html") {
                return respond(client, 404, "Not Found", body: page, type: "text/html; charset=utf-8")
            }
            return respond(client, 404, "Not Found", body: Data("not found\n".utf8), type: "text/plain; charset=utf-8")
        }
        respond(client, 200, "OK", body: method == "HEAD" ? Data() : data, type: Self.contentType(path), length: data.count)
    }

    private func respond(_ client: Int32, _ status: Int, _ reason: String, body: Data, type: String, extra: String = "", length: Int? = nil) {
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(length ?? body.count)\r\n\(extra)Cache-Control: no-cache\r\nConnection: close\r\n\r\n"
        var bytes = Data(head.utf8)
        bytes.append(body)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }

    static func hasHeaderEnd(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return true
        }
        return false
    }

    static func contentType(_ path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return path.hasSuffix("atom.xml") ? "application/atom+xml" : "application/xml"
        case "opml": return "text/x-opml; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}

