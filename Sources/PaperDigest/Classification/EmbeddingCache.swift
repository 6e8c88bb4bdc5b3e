import Foundation

/// Embeddings of texts kept in a file between runs of `train` and `eval`, so labelled
/// texts are read by the encoder once per model. Keyed by a hash of the text; one file per
/// model (`embeddings-<model>.bin`: records of an 8-byte hash and the floats).
public struct EmbeddingCache: Sendable {
    public let path: String
    public let dimension: Int
    private(set) var vectors: [UInt64: [Float]] = [:]
    private var pending: [(UInt64, [Float])] = []

    /// The cache file for `modelID` in `folder` (default: `$XDG_CACHE_HOME/paperdigest` or
    /// `~/.cache/paperdigest`). A damaged file is ignored and rewritten.
    public init(modelID: String, dimension: Int, folder: String? = nil) {
        let base = folder ?? Self.defaultFolder
        let name = modelID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        self.path = URL(fileURLWithPath: base).appendingPathComponent("embeddings-\(String(name)).bin").path
        self.dimension = dimension
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let record = 8 + dimension * 4
        guard dimension > 0, data.count % record == 0 else { return }
        data.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: data.count, by: record) {
                let key = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                var vector = [Float](repeating: 0, count: dimension)
                for j in 0..<dimension {
                    vector[j] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8 + j * 4, as: UInt32.self)))
                }
                vectors[key] = vector
            }
        }
    }

    public static var defaultFolder: String {
        if let xdg = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("paperdigest").path
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/paperdigest").path
    }

    public subscript(text: String) -> [Float]? { vectors[Self.key(text)] }

    public mutating func insert(_ vector: [Float], for text: String) {
        guard vector.count == dimension else { return }
        let key = Self.key(text)
        if vectors[key] == nil { pending.append((key, vector)) }
        vectors[key] = vector
    }

    /// Appends the new vectors to the file. Failing to write only loses the cache.
    public mutating func save() {
        guard !pending.isEmpty else { return }
        var data = Data(capacity: pending.count * (8 + dimension * 4))
        for (key, vector) in pending {
            withUnsafeBytes(of: key.littleEndian) { data.append(contentsOf: $0) }
            for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let handle = try? FileHandle(forWritingTo: url) {
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: data)
            try? handle.close()
        } else {
            try? data.write(to: url, options: .atomic)
        }
        pending.removeAll()
    }

    static func key(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
