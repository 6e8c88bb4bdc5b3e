import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps two runs from working on one database at once.
///
/// An exclusive `flock` on `<database>.lock`, which the kernel releases when the process
/// ends however it ends (even by SIGKILL), so a crashed run never leaves a stale lock. The
/// file holds who took it, for the message the second run prints.
public final class RunLock: @unchecked Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock or throws, saying who holds it.
    ///
    /// - Parameters:
    ///   - path: the lock file, usually the database path with `.lock` appended.
    ///   - command: what this run is, recorded for the next one to read.
    public init(path: String, command: String, now: Date = Date()) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PaperDigestError(.lock, "cannot open the lock file: \(String(cString: strerror(errno)))", at: path)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmedWhitespace ?? ""
            close(fd)
            throw PaperDigestError(
                .lock, "another PaperDigest run holds the lock" + (holder.isEmpty ? "" : ": " + holder), at: path)
        }
        descriptor = fd
        let stamp = ISO8601DateFormatter().string(from: now)
        let note = "pid \(getpid()) (\(command)) since \(stamp)\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
