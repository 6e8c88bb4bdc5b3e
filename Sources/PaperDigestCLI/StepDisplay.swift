import Foundation

/// Shows the run's named steps: `[i/n] step` with a live progress line on a terminal, and
/// one summary line per step in a log file (what cron mails).
final class StepDisplay: @unchecked Sendable {
    let total: Int
    let isTerminal: Bool
    let quiet: Bool
    private var current = ""
    private let lock = NSLock()

    init(total: Int, quiet: Bool = false) {
        self.total = total
        self.isTerminal = standardErrorIsTerminal
        self.quiet = quiet
    }

    func begin(_ index: Int, _ name: String) {
        lock.withLock { current = "[\(index)/\(total)] \(name)" }
        if isTerminal { write("\r\u{1B}[2K" + current) }
    }

    func progress(_ text: String) {
        guard isTerminal else { return }
        let line = lock.withLock { current + "  " + text }
        write("\r\u{1B}[2K" + String(line.prefix(terminalWidth - 1)))
    }

    func end(_ summary: String) {
        let line = lock.withLock { current + "  " + summary }
        if isTerminal {
            write("\r\u{1B}[2K" + line + "\n")
        } else if !quiet {
            write(line + "\n")
        }
    }

    /// A line that always shows (failures, warnings).
    func note(_ text: String) {
        write("  " + text + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    private var terminalWidth: Int {
        var size = winsize()
        return ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 100
    }
}
