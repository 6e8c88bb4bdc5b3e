import Foundation
import Testing
@testable import PaperDigest
#if canImport(Glibc)
import Glibc
#endif

@Suite struct PreviewServerTests {
    /// Sends one raw HTTP request to 127.0.0.1 and returns the whole answer.
    func fetch(_ port: UInt16, _ request: String) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Writes `files` (path → contents) into a new folder, starts a server on it for
    /// `requests` requests on an ephemeral port, and returns the port and the folder.
    func serve(_ files: [String: String], requests: Int) throws -> (port: UInt16, root: String) {
        let root = NSTemporaryDirectory() + "serve-\(UUID().uuidString)"
        for (path, contents) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        let server = try PreviewServer(root: root, port: 0)
        let thread = Thread { try? server.run(maxRequests: requests) }
        thread.start()
        return (server.port, root)
    }

    @Test func servesFilesFoldersAndRefusesTraversal() throws {
        let (port, root) = try serve(["index.html": "<p>home</p>", "topics/index.html": "<p>topics</p>"], requests: 4)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let home = fetch(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(home.hasPrefix("HTTP/1.1 200 OK"))
        #expect(home.contains("Content-Type: text/html; charset=utf-8"))
        #expect(home.hasSuffix("<p>home</p>"))
        #expect(fetch(port, "GET /topics/ HTTP/1.1\r\n\r\n").hasSuffix("<p>topics</p>"))
        #expect(fetch(port, "GET /../etc/passwd HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 400"))
        #expect(fetch(port, "GET /missing.html HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 404"))
    }

    @Test func answersMissingPathsWithTheSites404Page() throws {
        let (port, root) = try serve(["404.html": "<h1>Page not found</h1>"], requests: 1)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let answer = fetch(port, "GET /deep/missing/page.html HTTP/1.1\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 404"))
        #expect(answer.contains("Content-Type: text/html; charset=utf-8"))
        #expect(answer.hasSuffix("<h1>Page not found</h1>"))
    }
}
