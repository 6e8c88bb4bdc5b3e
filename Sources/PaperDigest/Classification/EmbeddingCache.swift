import Foundation

/// Embeddings of texts kept in a file between runs of `train` and `eval`, so labelled
/// texts are read by the encoder once per model. Keyed by a hash of the text; one file per
/// model (`embeddings-<model>.bin`: the vector length as 4 bytes, then records of an 8-byte
/// hash and the floats, little-endian).
public struct EmbeddingCache: Sendable {
    public let path: String
    /// The vectors' length: from the file, or from the first vector inserted.
    public private(set) var dimension: Int?
    private(set) var vectors: [UInt64: [Float]] = [:]
    private var pending: [(UInt64, [Float])] = []
    /// Whether the file on disk is sound and can be appended to.
    private var fileIsSound = false

    /// The cache file for `modelID` in `folder` (default: `$XDG_CACHE_HOME/paperdigest` or
    /// `~/.cache/paperdigest`). A damaged file is ignored, and replaced at the next `save()`.
    public init(modelID: String, folder: String? = nil) {
        let base = folder ?? Self.defaultFolder
        let name = modelID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        self.path = URL(fileURLWithPath: base).appendingPathComponent("embeddings-\(String(name)).bin").path
        guard let data = FileManager.default.contents(atPath: path), data.count >= 4 else { return }
        data.withUnsafeBytes { raw in
            let dimension = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
            let record = 8 + dimension * 4
            guard dimension > 0, dimension <= 65_536, (data.count - 4) % record == 0 else { return }
            for offset in stride(from: 4, to: data.count, by: record) {
                let key = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                var vector = [Float](repeating: 0, count: dimension)
                for j in 0..<dimension {
                    vector[j] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8 + j * 4, as: UInt32.self)))
                }
                vectors[key] = vector
            }
            self.dimension = dimension
            fileIsSound = true
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
        if dimension == nil { dimension = vector.count }
        guard vector.count == dimension else { return }
        let key = Self.key(text)
        if vectors[key] == nil { pending.append((key, vector)) }
        vectors[key] = vector
    }

    /// Writes the new vectors (appending to a sound file, else rewriting it). Failing to
    /// write only loses the cache.
    public mutating func save() {
        guard !pending.isEmpty, let dimension else { return }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if fileIsSound, let handle = try? FileHandle(forWritingTo: url) {
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Self.records(pending))
            try? handle.close()
        } else {
            var data = Data()
            withUnsafeBytes(of: UInt32(dimension).littleEndian) { data.append(contentsOf: $0) }
            data.append(Self.records(vectors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            fileIsSound = (try? data.write(to: url, options: .atomic)) != nil
        }
        pending.removeAll()
    }

    private static func records(_ entries: [(UInt64, [Float])]) -> Data {
        var data = Data()
        for (key, vector) in entries {
            withUnsafeBytes(of: key.littleEndian) { data.append(contentsOf: $0) }
            for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        return data
    }

    static func key(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
