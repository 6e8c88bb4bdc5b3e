import Foundation

/// The WordPiece vocabulary as an open-addressing hash table keyed by UTF-8 bytes, so the
/// greedy longest-match loop looks pieces up straight from the word's byte buffer without
/// building a `String` per candidate.
///
/// Word-initial pieces and continuation pieces (`##` stripped) share one table; a flag is
/// mixed into the hash and stored with the entry.
struct Vocabulary: Sendable {
    private struct Entry: Sendable {
        var hash: UInt32 = 0
        var offset: UInt32 = 0
        var length: UInt16 = 0
        var isContinuation = false
        var id: Int32 = -1
    }

    /// The pieces in id order, as written in `vocab.txt` (with `##`).
    let tokens: [String]
    /// The longest piece in bytes, `##` not counted.
    private(set) var longestPiece = 0
    private var bytes: [UInt8] = []
    private var entries: [Entry]
    private let mask: Int

    init(tokens: [String]) {
        self.tokens = tokens
        var capacity = 16
        while capacity < tokens.count * 2 { capacity <<= 1 }
        entries = Array(repeating: Entry(), count: capacity)
        mask = capacity - 1
        for (id, token) in tokens.enumerated() {
            var utf8 = Array(token.utf8)
            var continuation = false
            if utf8.count > 2, utf8[0] == 0x23, utf8[1] == 0x23 {
                continuation = true
                utf8.removeFirst(2)
            }
            insert(utf8, continuation: continuation, id: Int32(id))
        }
    }

    private mutating func insert(_ piece: [UInt8], continuation: Bool, id: Int32) {
        let hash = piece.withUnsafeBufferPointer {
            Self.hash($0.baseAddress!, $0.count, continuation)
        }
        var slot = Int(hash) & mask
        while entries[slot].id >= 0 {
            let entry = entries[slot]
            if entry.hash == hash, entry.isContinuation == continuation,
                Int(entry.length) == piece.count,
                bytes[Int(entry.offset)..<Int(entry.offset) + piece.count].elementsEqual(piece)
            {
                // A repeated line: the later id wins, as in Hugging Face `tokenizers`.
                entries[slot].id = id
                return
            }
            slot = (slot + 1) & mask
        }
        entries[slot] = Entry(
            hash: hash, offset: UInt32(bytes.count), length: UInt16(piece.count),
            isContinuation: continuation, id: id)
        bytes.append(contentsOf: piece)
        longestPiece = max(longestPiece, piece.count)
    }

    /// The id of a piece, or nil.
    /// - Parameters:
    ///   - start: the piece's first byte.
    ///   - count: its length in bytes.
    ///   - continuation: whether it is looked up as `##piece`.
    @inline(__always)
    func id(_ start: UnsafePointer<UInt8>, _ count: Int, continuation: Bool) -> Int32? {
        let hash = Self.hash(start, count, continuation)
        return entries.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { pool in
                var slot = Int(hash) & mask
                while true {
                    let entry = table[slot]
                    if entry.id < 0 { return nil }
                    if entry.hash == hash, entry.isContinuation == continuation,
                        Int(entry.length) == count,
                        memcmp(pool.baseAddress! + Int(entry.offset), start, count) == 0
                    {
                        return entry.id
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The id of a whole token as written in `vocab.txt`, such as `[CLS]` or `##s`.
    func id(of token: String) -> Int32? {
        if token.isEmpty { return nil }
        var utf8 = Array(token.utf8)
        var continuation = false
        if utf8.count > 2, utf8[0] == 0x23, utf8[1] == 0x23 {
            continuation = true
            utf8.removeFirst(2)
        }
        return utf8.withUnsafeBufferPointer { id($0.baseAddress!, $0.count, continuation: continuation) }
    }

    /// FNV-1a, with the continuation flag folded into the seed.
    @inline(__always)
    private static func hash(_ start: UnsafePointer<UInt8>, _ count: Int, _ continuation: Bool) -> UInt32 {
        var h: UInt32 = continuation ? 0x050C_5D1F : 0x811C_9DC5
        for i in 0..<count {
            h = (h ^ UInt32(start[i])) &* 0x0100_0193
        }
        return h ^ (h >> 15)
    }
}
