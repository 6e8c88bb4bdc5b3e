import Foundation

/// A progress line on standard error, redrawn in place, only when it is a terminal.
final class ProgressLine: @unchecked Sendable {
    private let enabled = standardErrorIsTerminal
    private let lock = NSLock()
    private var drawn = false

    func update(_ phase: String, _ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let percent = done * 100 / total
        FileHandle.standardError.write(Data("\r\u{1B}[K\(phase) \(done)/\(total) (\(percent)%)".utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
