import Foundation

/// The `paperdigest` executable that `swift build` / `swift test` made, and a way to run it
/// as a person or cron would: a real process with arguments, exit status and output.
enum BuiltExecutable {
    /// `paperdigest` beside the test bundle, else in `.build/debug/`.
    static var paperdigest: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
        let candidates = [
            bundle.deletingLastPathComponent().appendingPathComponent("paperdigest"),
            SharedFiles.packageRoot.appendingPathComponent(".build/debug/paperdigest"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// How one run ended.
    struct Outcome: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var seconds: Double
    }

    /// Runs `paperdigest` with `arguments` and waits for it, off the cooperative pool.
    ///
    /// Output goes to files, not pipes, so a chatty run can never block on a full pipe.
    /// - Parameter deadline: seconds after which the run is killed (and its status is that
    ///   of a SIGKILL).
    static func run(_ arguments: [String], deadline: Double = 900) async throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }

        let process = Process()
        process.executableURL = paperdigest
        process.arguments = arguments
        process.standardOutput = outHandle
        process.standardError = errHandle
        let started = Date()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { [process] in
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        return Outcome(
            status: status,
            standardOutput: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: err), as: UTF8.self),
            seconds: Date().timeIntervalSince(started))
    }
}
