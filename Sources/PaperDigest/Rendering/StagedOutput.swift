import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The next version of the site, built beside the current one and swapped in whole.
///
/// Files go into a hidden folder next to the output folder. A page whose fingerprint (of
/// its model, or of what its model is made from) is the one it had last time is hard-linked
/// from the current site instead of rendered; a page rendered to the bytes it already had is
/// linked too, so unchanged files keep their modification time. `commit()` exchanges the two
/// folders with one `renameat2` call, so a reader sees the old site or the new one, never
/// half of one; until then (or after a failure and `discard()`) the current site is
/// untouched. The staging folder is only made when something changed: a render that finds
/// every page as it was leaves the site alone and touches no file.
final class StagedOutput: @unchecked Sendable {
    static let manifestName = ".paperdigest-manifest"

    enum Outcome { case linked, unchangedBytes, written }

    let outputPath: String
    let stagingPath: String
    private let previous: [String: String]
    private var manifest: [String: String] = [:]
    private var directories: Set<String> = []
    /// Files of the current site to link into the staging folder once it exists.
    private var pendingLinks: [String] = []
    private var isStaged = false
    private var states: [String: Data] = [:]
    private let lock = NSRecursiveLock()

    init(outputPath: String) throws {
        let output = URL(fileURLWithPath: outputPath).standardizedFileURL
        self.outputPath = output.path
        let parent = output.deletingLastPathComponent().path
        let name = output.lastPathComponent
        Self.removeAbandonedStages(in: parent, name: name)
        stagingPath = parent + "/." + name + ".staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var previous: [String: String] = [:]
        if let text = try? String(contentsOfFile: self.outputPath + "/" + Self.manifestName, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                guard let space = line.firstIndex(of: " ") else { continue }
                previous[String(line[line.index(after: space)...])] = String(line[..<space])
            }
        }
        self.previous = previous
    }

    /// Puts the file at `path` (relative) into the staged site.
    ///
    /// - Parameters:
    ///   - fingerprint: what the file is made from; when it matches the last render's, the
    ///     old file is linked and `render` is not called.
    ///   - render: the file's bytes.
    @discardableResult
    func put(_ path: String, fingerprint: Fingerprint, render: () throws -> Data) throws -> Outcome {
        let key = fingerprint.description
        let target = stagingPath + "/" + path
        let old = outputPath + "/" + path
        if previous[path] == key, access(old, F_OK) == 0 {
            lock.lock()
            manifest[path] = key
            let staged = isStaged
            if !staged { pendingLinks.append(path) }
            lock.unlock()
            if !staged { return .linked }
            try makeParent(of: path)
            if link(old, target) == 0 { return .linked }
        }
        try stage()
        try makeParent(of: path)
        defer { lock.lock(); manifest[path] = key; lock.unlock() }
        let data = try render()
        if let existing = FileManager.default.contents(atPath: old), existing == data, link(old, target) == 0 {
            return .unchangedBytes
        }
        try Self.write(data, to: target)
        return .written
    }

    /// A file the last render kept beside its site (not part of the site), if any.
    func previousState(named name: String) -> Data? {
        FileManager.default.contents(atPath: outputPath + "/" + name)
    }

    /// Keeps `data` beside the new site for the next render; it is swapped in with the site.
    func keepState(_ data: Data, named name: String) throws {
        lock.lock()
        states[name] = data
        lock.unlock()
    }

    /// Makes the staging folder and links into it the files noted so far.
    private func stage() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !isStaged else { return }
        do {
            try FileManager.default.createDirectory(atPath: stagingPath, withIntermediateDirectories: true)
        } catch {
            throw PaperDigestError(.render, "cannot create the staging folder", at: stagingPath, underlying: error)
        }
        isStaged = true
        for path in pendingLinks {
            try makeParent(of: path)
            let old = outputPath + "/" + path, target = stagingPath + "/" + path
            if link(old, target) != 0 {
                guard let data = FileManager.default.contents(atPath: old) else {
                    throw PaperDigestError(.render, "cannot read the last site's file", at: old)
                }
                try Self.write(data, to: target)
            }
        }
        pendingLinks = []
    }

    /// Writes the manifest and swaps the staged site in.
    ///
    /// - Returns: `false` when every file was as it was and the site was left alone.
    @discardableResult
    func commit() throws -> Bool {
        lock.lock()
        let sameFiles = !isStaged && Set(manifest.keys) == Set(previous.keys)
            && states.allSatisfy { previousState(named: $0.key) == $0.value }
        lock.unlock()
        if sameFiles { return false }
        try stage()
        for (name, data) in states { try Self.write(data, to: stagingPath + "/" + name) }
        var text = ""
        for (path, key) in manifest.sorted(by: { $0.key < $1.key }) { text += key + " " + path + "\n" }
        try Self.write(Data(text.utf8), to: stagingPath + "/" + Self.manifestName)
        let keep = outputPath + "/.gitkeep"
        if FileManager.default.fileExists(atPath: keep) { _ = link(keep, stagingPath + "/.gitkeep") }
        let fm = FileManager.default
        if !fm.fileExists(atPath: outputPath) {
            guard rename(stagingPath, outputPath) == 0 else {
                throw PaperDigestError(.render, "cannot move the new site into place: \(String(cString: strerror(errno)))", at: outputPath)
            }
            return true
        }
        if Self.exchange(stagingPath, outputPath) {
            Self.removeTree(stagingPath)  // now the old site
            return true
        }
        // No atomic exchange on this file system: two renames, a moment without a site.
        let aside = stagingPath + ".old"
        guard rename(outputPath, aside) == 0 else {
            throw PaperDigestError(.render, "cannot move the old site aside: \(String(cString: strerror(errno)))", at: outputPath)
        }
        guard rename(stagingPath, outputPath) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(aside, outputPath)
            throw PaperDigestError(.render, "cannot move the new site into place: \(reason)", at: outputPath)
        }
        Self.removeTree(aside)
        return true
    }

    /// Drops the staged site; the current one stays as it was.
    func discard() {
        lock.lock()
        let staged = isStaged
        lock.unlock()
        if staged { Self.removeTree(stagingPath) }
    }

    /// Removes a folder and everything in it with one `unlinkat` per entry (FileManager's
    /// `removeItem` also asks for each file's attributes: twice the system calls).
    static func removeTree(_ path: String) {
        func remove(_ parent: Int32, _ name: String) {
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 {
                if let directory = fdopendir(fd) {
                    while let entry = readdir(directory) {
                        let child = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                        }
                        if child == "." || child == ".." { continue }
                        if entry.pointee.d_type == UInt8(DT_DIR) {
                            remove(dirfd(directory), child)
                        } else if unlinkat(dirfd(directory), child, 0) != 0, errno == EISDIR {
                            remove(dirfd(directory), child)
                        }
                    }
                    closedir(directory)
                } else {
                    close(fd)
                }
            }
            _ = unlinkat(parent, name, AT_REMOVEDIR)
        }
        remove(AT_FDCWD, path)
    }

    // MARK: - Files

    private func makeParent(of path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let directory = String(path[..<slash])
        lock.lock()
        let known = directories.contains(directory)
        lock.unlock()
        if known { return }
        do {
            try FileManager.default.createDirectory(atPath: stagingPath + "/" + directory, withIntermediateDirectories: true)
        } catch {
            throw PaperDigestError(.render, "cannot create a folder", at: stagingPath + "/" + directory, underlying: error)
        }
        lock.lock()
        directories.insert(directory)
        lock.unlock()
    }

    static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PaperDigestError(.render, "cannot write: \(String(cString: strerror(errno)))", at: path)
        }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw PaperDigestError(.render, "cannot write: \(String(cString: strerror(errno)))", at: path)
                }
                offset += n
            }
        }
    }

    /// `renameat2(…, RENAME_EXCHANGE)`, looked up at run time (glibc ≥ 2.28 has it; Swift's
    /// Glibc module does not declare it).
    private static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }

    /// Staging folders left by runs that died (their process is gone).
    private static func removeAbandonedStages(in parent: String, name: String) {
        let prefix = "." + name + ".staging-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let pid = Int32(entry.dropFirst(prefix.count).split(separator: "-").first ?? "") ?? 0
            if pid > 0, pid != getpid(), kill(pid, 0) == 0 { continue }
            if pid == getpid() { continue }
            removeTree(parent + "/" + entry)
        }
    }
}
