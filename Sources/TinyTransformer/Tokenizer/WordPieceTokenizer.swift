import Foundation

/// BERT's uncased WordPiece tokenizer, matching Hugging Face `tokenizers` (`BertNormalizer`,
/// `BertPreTokenizer`, `WordPiece`, the `[CLS] … [SEP]` template) id for id.
///
/// What it does, in order: the special tokens (`[CLS]`, `[SEP]`, `[MASK]`, `[PAD]`,
/// `[UNK]`) are matched verbatim in the raw text; control and invisible scalars are removed
/// and whitespace becomes a space; every CJK ideograph becomes a word of its own; text is
/// decomposed (NFD), nonspacing marks are dropped and letters lower-cased; words split at
/// whitespace and at every punctuation scalar; each word becomes the longest vocabulary
/// pieces first (`##` for continuations), or one `[UNK]` if any piece fails or the word has
/// more than 100 scalars. The result is cut to `maxTokens` including `[CLS]` and `[SEP]`.
/// There is no padding.
///
/// Encoding runs over the UTF-8 bytes with precomputed per-scalar tables: no `String` or
/// `Character` is made per character. The value is immutable and safe to share.
public struct WordPieceTokenizer: Sendable {
    /// The most tokens `encode(_:)` returns, `[CLS]` and `[SEP]` included.
    public let maxTokens: Int
    /// The id of `[CLS]`, first in every encoding.
    public let classifierID: Int32
    /// The id of `[SEP]`, last in every encoding.
    public let separatorID: Int32
    /// The id of `[UNK]`, for words the vocabulary cannot spell.
    public let unknownID: Int32
    /// The id of `[PAD]`.
    public let paddingID: Int32

    /// Words longer than this many Unicode scalars become `[UNK]`.
    public static let maxScalarsPerWord = 100

    private let vocabulary: Vocabulary
    private let table: BertCharacterTable
    /// Special tokens matched verbatim in the raw text: UTF-8 bytes and id.
    private let specialTokens: [([UInt8], Int32)]

    /// Loads a tokenizer from a `vocab.txt` (one piece per line, the line number is the id).
    /// - Parameters:
    ///   - vocabularyURL: the `vocab.txt` file.
    ///   - maxTokens: the most tokens an encoding holds, `[CLS]` and `[SEP]` included.
    public init(vocabularyURL: URL, maxTokens: Int = 256) throws {
        let data: Data
        do {
            data = try Data(contentsOf: vocabularyURL)
        } catch {
            let missing = !FileManager.default.fileExists(atPath: vocabularyURL.path)
            throw TinyTransformerError(
                missing ? .missingFile : .unreadableFile, path: vocabularyURL.path, underlying: error)
        }
        var tokens: [String] = []
        tokens.reserveCapacity(32_000)
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var line = line
            if line.last == 0x0D { line = line.dropLast() }
            tokens.append(String(decoding: line, as: UTF8.self))
        }
        if tokens.last == "" { tokens.removeLast() }
        try self.init(vocabulary: tokens, maxTokens: maxTokens, path: vocabularyURL.path)
    }

    /// Makes a tokenizer from the pieces in id order.
    /// - Parameters:
    ///   - vocabulary: the pieces, continuation pieces written with `##`; must hold `[CLS]`,
    ///     `[SEP]`, `[UNK]` and `[PAD]`.
    ///   - maxTokens: the most tokens an encoding holds, `[CLS]` and `[SEP]` included.
    public init(vocabulary: [String], maxTokens: Int = 256) throws {
        try self.init(vocabulary: vocabulary, maxTokens: maxTokens, path: "vocabulary")
    }

    private init(vocabulary tokens: [String], maxTokens: Int, path: String) throws {
        precondition(maxTokens >= 2, "maxTokens must leave room for [CLS] and [SEP]")
        let vocabulary = Vocabulary(tokens: tokens)
        func required(_ token: String) throws -> Int32 {
            guard let id = vocabulary.id(of: token) else {
                throw TinyTransformerError(.corruptFile("the vocabulary has no \(token)"), path: path)
            }
            return id
        }
        self.vocabulary = vocabulary
        self.maxTokens = maxTokens
        self.classifierID = try required("[CLS]")
        self.separatorID = try required("[SEP]")
        self.unknownID = try required("[UNK]")
        self.paddingID = try required("[PAD]")
        self.specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { token in
            vocabulary.id(of: token).map { (Array(token.utf8), $0) }
        }
        self.table = BertCharacterTable.shared
    }

    /// The number of pieces in the vocabulary.
    public var vocabularySize: Int { vocabulary.tokens.count }

    /// The piece an id stands for (`##` marks a continuation), or nil.
    /// - Parameter id: a token id.
    public func token(for id: Int32) -> String? {
        vocabulary.tokens.indices.contains(Int(id)) ? vocabulary.tokens[Int(id)] : nil
    }

    /// Token ids for one text: `[CLS]`, the pieces (at most `maxTokens - 2`), `[SEP]`.
    /// - Parameter text: any text; the empty string gives `[CLS] [SEP]`.
    public func encode(_ text: String) -> [Int32] {
        var text = text
        var ids: [Int32] = []
        ids.reserveCapacity(min(maxTokens, text.utf8.count + 2))
        ids.append(classifierID)
        text.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * (Self.maxScalarsPerWord + 1)) { bytes in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * (Self.maxScalarsPerWord + 2)) { scratch in
                    var state = EncodingState(
                        tokenizer: self, bytes: bytes.baseAddress!,
                        boundaries: scratch.baseAddress!,
                        pieces: scratch.baseAddress! + Self.maxScalarsPerWord + 2,
                        limit: maxTokens - 1)
                    state.run(utf8, into: &ids)
                }
            }
        }
        ids.append(separatorID)
        return ids
    }

    /// Token ids for many texts, each as `encode(_:)` gives them.
    /// - Parameter texts: the texts, in order.
    public func encode(_ texts: [String]) -> [[Int32]] {
        texts.map(encode)
    }

    /// The pieces of one text as strings, `[CLS]` and `[SEP]` included: for reading, not speed.
    /// - Parameter text: any text.
    public func tokens(_ text: String) -> [String] {
        encode(text).map { token(for: $0) ?? "?" }
    }

    // MARK: - The hot loop

    /// The word being built and the pieces of the text so far. Pointers are into stack
    /// buffers owned by `encode(_:)`.
    private struct EncodingState {
        let tokenizer: WordPieceTokenizer
        /// UTF-8 bytes of the current word (its first 100 scalars at most).
        let bytes: UnsafeMutablePointer<UInt8>
        /// `boundaries[i]` is the byte offset of scalar `i` of the word.
        let boundaries: UnsafeMutablePointer<Int32>
        /// Pieces of the current word before it is known to be spelled in full.
        let pieces: UnsafeMutablePointer<Int32>
        /// `ids.count` at which the text is full (room left for `[SEP]`).
        let limit: Int
        var byteCount = 0
        var scalarCount = 0

        init(
            tokenizer: WordPieceTokenizer, bytes: UnsafeMutablePointer<UInt8>,
            boundaries: UnsafeMutablePointer<Int32>, pieces: UnsafeMutablePointer<Int32>, limit: Int
        ) {
            self.tokenizer = tokenizer
            self.bytes = bytes
            self.boundaries = boundaries
            self.pieces = pieces
            self.limit = limit
        }

        mutating func run(_ utf8: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
            let count = utf8.count
            guard count > 0, ids.count < limit else { return }
            let base = utf8.baseAddress!
            var i = 0
            while i < count {
                let byte = base[i]
                if byte < 0x80 {
                    i += 1
                    switch asciiAction[Int(byte)] {
                    case 0:  // removed
                        continue
                    case 1:  // whitespace
                        flush(into: &ids)
                    case 2:  // punctuation
                        if byte == 0x5B, let (length, id) = specialToken(at: base + i - 1, available: count - i + 1) {
                            flush(into: &ids)
                            ids.append(id)
                            i += length - 1
                        } else {
                            flush(into: &ids)
                            appendScalar(UInt32(byte))
                            flush(into: &ids)
                        }
                    default:  // word character, lower-cased
                        appendScalar(UInt32(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte))
                    }
                } else {
                    let value: UInt32
                    if byte < 0xE0 {
                        value = UInt32(byte & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F)
                        i += 2
                    } else if byte < 0xF0 {
                        value = UInt32(byte & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6
                            | UInt32(base[i + 2] & 0x3F)
                        i += 3
                    } else {
                        value = UInt32(byte & 0x07) << 18 | UInt32(base[i + 1] & 0x3F) << 12
                            | UInt32(base[i + 2] & 0x3F) << 6 | UInt32(base[i + 3] & 0x3F)
                        i += 4
                    }
                    tokenizer.table.withOutput(of: value) { output in
                        for packed in output {
                            switch packed >> 24 {
                            case BertCharacterTable.Kind.whitespace.rawValue:
                                flush(into: &ids)
                            case BertCharacterTable.Kind.punctuation.rawValue:
                                flush(into: &ids)
                                appendScalar(packed & 0x1F_FFFF)
                                flush(into: &ids)
                            default:
                                appendScalar(packed & 0x1F_FFFF)
                            }
                        }
                    }
                }
                if ids.count >= limit { return }
            }
            flush(into: &ids)
        }

        /// A special token starting at `start`, if one is spelled there.
        @inline(__always)
        func specialToken(at start: UnsafePointer<UInt8>, available: Int) -> (Int, Int32)? {
            for (token, id) in tokenizer.specialTokens where token.count <= available {
                let matches = token.withUnsafeBufferPointer { memcmp($0.baseAddress!, start, token.count) == 0 }
                if matches { return (token.count, id) }
            }
            return nil
        }

        @inline(__always)
        mutating func appendScalar(_ value: UInt32) {
            if scalarCount < WordPieceTokenizer.maxScalarsPerWord {
                boundaries[scalarCount] = Int32(byteCount)
                var n = byteCount
                if value < 0x80 {
                    bytes[n] = UInt8(value)
                    n += 1
                } else if value < 0x800 {
                    bytes[n] = UInt8(0xC0 | value >> 6)
                    bytes[n + 1] = UInt8(0x80 | value & 0x3F)
                    n += 2
                } else if value < 0x10000 {
                    bytes[n] = UInt8(0xE0 | value >> 12)
                    bytes[n + 1] = UInt8(0x80 | (value >> 6) & 0x3F)
                    bytes[n + 2] = UInt8(0x80 | value & 0x3F)
                    n += 3
                } else {
                    bytes[n] = UInt8(0xF0 | value >> 18)
                    bytes[n + 1] = UInt8(0x80 | (value >> 12) & 0x3F)
                    bytes[n + 2] = UInt8(0x80 | (value >> 6) & 0x3F)
                    bytes[n + 3] = UInt8(0x80 | value & 0x3F)
                    n += 4
                }
                byteCount = n
            }
            scalarCount += 1
        }

        /// Ends the current word: its pieces, or `[UNK]`, go into `ids` (up to the limit).
        @inline(__always)
        mutating func flush(into ids: inout [Int32]) {
            guard scalarCount > 0 else { return }
            defer {
                scalarCount = 0
                byteCount = 0
            }
            guard ids.count < limit else { return }
            if scalarCount > WordPieceTokenizer.maxScalarsPerWord {
                ids.append(tokenizer.unknownID)
                return
            }
            boundaries[scalarCount] = Int32(byteCount)
            let vocabulary = tokenizer.vocabulary
            let longest = vocabulary.longestPiece
            var pieceCount = 0
            var start = 0
            while start < scalarCount {
                var end = scalarCount
                while end > start + 1, Int(boundaries[end] - boundaries[start]) > longest { end -= 1 }
                var found: Int32?
                while end > start {
                    let from = Int(boundaries[start])
                    if let id = vocabulary.id(
                        bytes + from, Int(boundaries[end]) - from, continuation: start > 0)
                    {
                        found = id
                        break
                    }
                    end -= 1
                }
                guard let id = found else {
                    ids.append(tokenizer.unknownID)
                    return
                }
                pieces[pieceCount] = id
                pieceCount += 1
                start = end
            }
            for p in 0..<min(pieceCount, limit - ids.count) {
                ids.append(pieces[p])
            }
        }
    }
}

/// What the tokenizer does with an ASCII byte: 0 removed, 1 whitespace, 2 punctuation,
/// 3 word character.
private let asciiAction: [UInt8] = (0..<128).map { byte -> UInt8 in
    switch byte {
    case 0x09, 0x0A, 0x0D, 0x20: return 1
    case 0..<0x20, 0x7F: return 0
    case 33...47, 58...64, 91...96, 123...126: return 2
    default: return 3
    }
}
