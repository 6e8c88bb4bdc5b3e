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
///
/// What the renderer keeps for next time (the manifest of fingerprints, related papers) lives
/// in a state folder beside the output folder (`Output` → `.Output.render-state/`), never in
/// the site, so a static host does not publish it. The manifest names the folder it
/// describes (device and inode, which the swap carries over); one that does not match the
/// output folder found at the next render (a crash between writing it and swapping, a site
/// replaced by hand) is not trusted, and every page is rendered and compared by its bytes.
final class StagedOutput: @unchecked Sendable {
    static let manifestName = "manifest"
    private static let manifestHeader = "paperdigest-manifest 2"

    enum Outcome { case linked, unchangedBytes, written }

    let outputPath: String
    let stagingPath: String
    /// Where the renderer's state is kept between renders.
    let statePath: String
    private let previous: [String: UInt64]
    private var manifest: [String: UInt64] = [:]
    private var directories: Set<String> = []
    /// Files of the current site to link into the staging folder once it exists.
    private var pendingLinks: [String] = []
    private var isStaged = false
    private var states: [String: Data] = [:]
    private let lock = NSRecursiveLock()

    /// The state folder of the site at `outputPath`: a hidden sibling of it.
    static func statePath(forOutput outputPath: String) -> String {
        let output = URL(fileURLWithPath: outputPath).standardizedFileURL
        return output.deletingLastPathComponent().path + "/." + output.lastPathComponent + ".render-state"
    }

    init(outputPath: String) throws {
        let output = URL(fileURLWithPath: outputPath).standardizedFileURL
        self.outputPath = output.path
        let parent = output.deletingLastPathComponent().path
        let name = output.lastPathComponent
        Self.removeAbandonedStages(in: parent, name: name)
        stagingPath = parent + "/." + name + ".staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        statePath = Self.statePath(forOutput: outputPath)
        previous = Self.readManifest(statePath + "/" + Self.manifestName, describing: output.path)
    }

    /// The fingerprints of the site at `sitePath` as the manifest at `path` records them;
    /// empty when there is none or it describes another folder.
    private static func readManifest(_ path: String, describing sitePath: String) -> [String: UInt64] {
        guard let data = FileManager.default.contents(atPath: path), let identity = folderIdentity(sitePath) else { return [:] }
        var previous: [String: UInt64] = [:]
        var valid = false
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let lines = raw.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            guard let first = lines.first, String(decoding: first, as: UTF8.self) == manifestHeader + " " + identity else { return }
            valid = true
            previous.reserveCapacity(lines.count)
            for line in lines.dropFirst() {
                // 16 hex digits, a space, the path.
                guard line.count > 17, line[line.startIndex + 16] == UInt8(ascii: " "),
                    let value = UInt64(String(decoding: line.prefix(16), as: UTF8.self), radix: 16)
                else { continue }
                previous[String(decoding: line.dropFirst(17), as: UTF8.self)] = value
            }
        }
        return valid ? previous : [:]
    }

    /// `device inode` of a folder: what a manifest is tied to.
    private static func folderIdentity(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\(info.st_dev) \(info.st_ino)"
    }

    /// Links the current site's file at `path` into the new one when its fingerprint is
    /// `fingerprint`, without rendering it.
    ///
    /// - Returns: `false` when the file must be rendered (then call `put`).
    func reuse(_ path: String, fingerprint: Fingerprint) throws -> Bool {
        try reuse([(path, fingerprint)])[0]
    }

    /// `reuse` for many files at once, taking the lock once (a hundred thousand item pages
    /// checked on two threads spent more time waiting for each other than checking).
    func reuse(_ files: [(path: String, fingerprint: Fingerprint)]) throws -> [Bool] {
        var reused = files.map { file in
            previous[file.path] == file.fingerprint.value && access(outputPath + "/" + file.path, F_OK) == 0
        }
        lock.lock()
        let staged = isStaged
        for (n, file) in files.enumerated() where reused[n] {
            manifest[file.path] = file.fingerprint.value
            if !staged { pendingLinks.append(file.path) }
        }
        lock.unlock()
        guard staged else { return reused }
        for (n, file) in files.enumerated() where reused[n] {
            try makeParent(of: file.path)
            if link(outputPath + "/" + file.path, stagingPath + "/" + file.path) != 0 {
                reused[n] = false
                lock.lock()
                manifest[file.path] = nil
                lock.unlock()
            }
        }
        return reused
    }

    /// Puts the file at `path` (relative) into the staged site.
    ///
    /// - Parameters:
    ///   - fingerprint: what the file is made from; when it matches the last render's, the
    ///     old file is linked and `render` is not called.
    ///   - render: the file's bytes.
    @discardableResult
    func put(_ path: String, fingerprint: Fingerprint, render: () throws -> Data) throws -> Outcome {
        if try reuse(path, fingerprint: fingerprint) { return .linked }
        let key = fingerprint.value
        let target = stagingPath + "/" + path
        let old = outputPath + "/" + path
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

    /// What the last render kept under `name` in the state folder, if anything. Sites
    /// rendered before the state folder existed kept it in the site as `.paperdigest-<name>`;
    /// that is read once, and left behind with the old site.
    func previousState(named name: String) -> Data? {
        FileManager.default.contents(atPath: statePath + "/" + name)
            ?? FileManager.default.contents(atPath: outputPath + "/.paperdigest-" + name)
    }

    /// Keeps `data` in the state folder for the next render; written by `commit()`.
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

    /// Writes the state and the manifest and swaps the staged site in.
    ///
    /// - Returns: `false` when every file was as it was and the site was left alone.
    @discardableResult
    func commit() throws -> Bool {
        lock.lock()
        let sameFiles = !isStaged && manifest.count == previous.count && manifest.keys.allSatisfy { previous[$0] != nil }
        let states = self.states
        lock.unlock()
        try writeStates(states)
        if sameFiles { return false }
        try stage()
        let keep = outputPath + "/.gitkeep"
        if FileManager.default.fileExists(atPath: keep) { _ = link(keep, stagingPath + "/.gitkeep") }
        // The manifest goes first, naming the staging folder, which the swap makes the site:
        // a crash before the swap leaves a manifest that matches no site, so it is ignored.
        guard let identity = Self.folderIdentity(stagingPath) else {
            throw PaperDigestError(.render, "cannot read the staging folder", at: stagingPath)
        }
        var text = Self.manifestHeader + " " + identity + "\n"
        text.reserveCapacity(manifest.count * 40)
        for (path, key) in manifest.sorted(by: { $0.key < $1.key }) {
            text += Fingerprint.hex(key) + " " + path + "\n"
        }
        try Self.writeAtomically(Data(text.utf8), to: statePath + "/" + Self.manifestName)
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

    /// Writes the states that differ from what the state folder holds.
    private func writeStates(_ states: [String: Data]) throws {
        for (name, data) in states.sorted(by: { $0.key < $1.key }) {
            let path = statePath + "/" + name
            if FileManager.default.contents(atPath: path) == data { continue }
            try Self.writeAtomically(data, to: path)
        }
    }

    /// Writes into the state folder (made if needed) through a temporary file and a rename,
    /// so a reader finds the old file or the new one.
    private static func writeAtomically(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PaperDigestError(.render, "cannot create the render state folder", at: folder, underlying: error)
        }
        let temporary = path + ".tmp-\(getpid())"
        try write(data, to: temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PaperDigestError(.render, "cannot replace the file: \(reason)", at: path)
        }
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
