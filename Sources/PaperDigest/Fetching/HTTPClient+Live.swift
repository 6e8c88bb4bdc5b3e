import CCurl
import Foundation

extension HTTPClient {
    /// Exchanges performed by libcurl, each on its own thread driving a multi handle with
    /// `curl_multi_poll`: a slow server costs a sleeping thread, not CPU. The deadline and the
    /// body cap are enforced here, not by curl options.
    public static func live(_ configuration: Configuration = Configuration()) -> HTTPClient {
        HTTPClient(configuration: configuration) { request in
            try await CurlTransfer.perform(request)
        }
    }
}

/// One exchange over a libcurl easy handle. Everything but `cancel()` runs on the transfer's
/// own thread.
final class CurlTransfer: @unchecked Sendable {
    private enum Abort {
        case deadline, cancelled, bodyTooLarge(declared: Int?)
    }

    /// What other threads may touch: the cancellation flag and the multi handle to wake.
    private struct Shared {
        var isCancelled = false
        var multi: UnsafeMutableRawPointer?
    }

    private static let globalInit: CURLcode = pd_curl_global_init()

    /// The environment's `no_proxy` plus loopback: a proxy never sees requests to this machine.
    private static let noProxy: String = {
        let environment = ProcessInfo.processInfo.environment
        let configured = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        if configured.trimmingCharacters(in: .whitespaces) == "*" { return "*" }
        return ([configured] + ["localhost", "127.0.0.1", "::1"]).filter { !$0.isEmpty }.joined(separator: ",")
    }()

    private let request: HTTPRequest
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let deadline: ContinuousClock.Instant
    private let shared = Locked(Shared())

    // Transfer thread only.
    private var status = 0
    private var reasonPhrase: String?
    private var headers = HTTPHeaders()
    private var headersComplete = false
    private var body = Data()
    private var abort: Abort?

    private init(_ request: HTTPRequest) {
        self.request = request
        self.start = clock.now
        self.deadline = start + .milliseconds(Int64((max(0, request.timeout) * 1000).rounded(.up)))
    }

    /// Performs `request` on a new thread and resumes when it ends; task cancellation aborts it.
    static func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer(request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let thread = Thread {
                    // Named so tests can find it (Linux shows it in /proc/self/task/*/comm).
                    pd_set_current_thread_name("pd-transfer")
                    continuation.resume(with: transfer.run())
                }
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    private func cancel() {
        shared.withLock { shared in
            shared.isCancelled = true
            if let multi = shared.multi { curl_multi_wakeup(multi) }
        }
    }

    private var isCancelled: Bool { shared.withLock { $0.isCancelled } }

    private func failure(_ reason: String, underlying: (any Error)? = nil) -> PaperDigestError {
        PaperDigestError(.fetch, reason, at: request.url, underlying: underlying)
    }

    // MARK: - Running

    private func run() -> Result<HTTPResponse, PaperDigestError> {
        guard CurlTransfer.globalInit == CURLE_OK else { return .failure(failure("libcurl failed to initialise")) }
        // Declared before the handles so they are released after them.
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for field in request.headers where field.name.caseInsensitiveCompare("User-Agent") != .orderedSame {
            headerList = curl_slist_append(headerList, "\(field.name): \(field.value)")
        }
        defer { curl_slist_free_all(headerList) }

        guard let easy = curl_easy_init() else { return .failure(failure("libcurl could not create a handle")) }
        defer { curl_easy_cleanup(easy) }
        guard let multi = curl_multi_init() else { return .failure(failure("libcurl could not create a multi handle")) }
        defer { curl_multi_cleanup(multi) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        pd_curl_setopt_string(easy, CURLOPT_URL, request.url)
        pd_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        pd_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        pd_curl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        pd_curl_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        pd_curl_setopt_string(easy, CURLOPT_NOPROXY, CurlTransfer.noProxy)
        if let userAgent = request.headers["User-Agent"] {
            pd_curl_setopt_string(easy, CURLOPT_USERAGENT, userAgent)
        }
        pd_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
        pd_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        // Our deadline rules; curl's own timeout is only a backstop a little later.
        let backstop = Int((max(0, request.timeout) + 5) * 1000)
        pd_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, backstop)
        pd_curl_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: size * count))
        })
        pd_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
        pd_curl_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
        })
        pd_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        pd_curl_setopt_long(easy, CURLOPT_NOPROGRESS, 0)
        pd_curl_setopt_xferinfo(easy, { context, _, _, _, _ in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.checkProgress() ? 0 : 1
        })
        pd_curl_setopt_pointer(easy, CURLOPT_XFERINFODATA, context)

        guard curl_multi_add_handle(multi, easy) == CURLM_OK else {
            return .failure(failure("libcurl could not start the transfer"))
        }
        defer { curl_multi_remove_handle(multi, easy) }
        shared.withLock { $0.multi = multi }
        defer { shared.withLock { $0.multi = nil } }

        var code = CURLE_OK
        var finished = false
        while !finished {
            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            guard performed == CURLM_OK else {
                return .failure(failure("libcurl failed: \(String(cString: curl_multi_strerror(performed)))"))
            }
            if pd_curl_multi_done_result(multi, &code) != 0 || running == 0 {
                finished = true
                break
            }
            if abort != nil { break }
            guard checkProgress() else { break }
            let remaining = (deadline - clock.now).seconds
            let waitMilliseconds = Int32(max(1, min(1000, (remaining * 1000).rounded(.up))))
            curl_multi_poll(multi, nil, 0, waitMilliseconds, nil)
        }
        return finish(easy: easy, code: finished ? code : CURLE_ABORTED_BY_CALLBACK, errorBuffer: errorBuffer)
    }

    /// False (and `abort` set) once the deadline has passed or the task was cancelled.
    private func checkProgress() -> Bool {
        if abort != nil { return false }
        if isCancelled {
            abort = .cancelled
            return false
        }
        if clock.now >= deadline {
            abort = .deadline
            return false
        }
        return true
    }

    private func finish(easy: UnsafeMutableRawPointer, code: CURLcode, errorBuffer: UnsafeMutablePointer<CChar>)
        -> Result<HTTPResponse, PaperDigestError>
    {
        let elapsed = (clock.now - start).seconds
        if let abort {
            switch abort {
            case .cancelled:
                return .failure(failure("cancelled"))
            case .deadline:
                let phase = headersComplete
                    ? "while receiving the body (\(formatBytes(body.count)) so far)"
                    : "before the response headers arrived"
                return .failure(failure("deadline of \(formatSeconds(request.timeout)) passed \(phase)"))
            case .bodyTooLarge(let declared):
                let declaredNote = declared.map { " (Content-Length \($0))" } ?? ""
                return .failure(failure("body larger than the \(formatBytes(request.maxBodyBytes)) cap\(declaredNote)"))
            }
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let summary = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            switch code {
            case CURLE_PARTIAL_FILE:
                let declared = headers["Content-Length"].map { ", Content-Length \($0)" } ?? ""
                return .failure(failure(
                    "connection closed before the body was complete (\(body.count) bytes received\(declared))"))
            case CURLE_GOT_NOTHING:
                return .failure(failure("server closed the connection without a response"))
            case CURLE_COULDNT_RESOLVE_HOST:
                // curl says "Could not resolve host: name".
                return .failure(failure(summary.prefix(1).lowercased() + summary.dropFirst()))
            case CURLE_COULDNT_CONNECT:
                return .failure(failure("could not connect: \(summary)"))
            case CURLE_OPERATION_TIMEDOUT:
                return .failure(failure("deadline of \(formatSeconds(request.timeout)) passed (\(summary))"))
            default:
                return .failure(failure("transfer failed: \(summary)"))
            }
        }
        var responseCode = 0
        pd_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &responseCode)
        return .success(HTTPResponse(
            url: request.url, status: responseCode == 0 ? status : responseCode, reasonPhrase: reasonPhrase,
            headers: headers, body: body, elapsed: elapsed))
    }

    // MARK: - Callbacks

    /// One header line, CRLF included. A status line starts a new response (e.g. after `100 Continue`).
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Int {
        var line = String(decoding: bytes, as: UTF8.self)
        // "\r\n" is one Character in Swift: test for newlines, not for "\r" and "\n".
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            reasonPhrase = parts.count > 2 ? String(parts[2]) : nil
            headers = HTTPHeaders()
            headersComplete = false
        } else if line.isEmpty {
            headersComplete = true
            if (200..<300).contains(status), let declared = headers["Content-Length"].flatMap({ Int($0) }) {
                if declared > request.maxBodyBytes, headers["Content-Encoding"] == nil {
                    abort = .bodyTooLarge(declared: declared)
                    return 0
                }
                body.reserveCapacity(min(declared, request.maxBodyBytes))
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.add(name, value)
        }
        return bytes.count
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard checkProgress() else { return 0 }
        if body.count + bytes.count > request.maxBodyBytes {
            abort = .bodyTooLarge(declared: nil)
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }
}
