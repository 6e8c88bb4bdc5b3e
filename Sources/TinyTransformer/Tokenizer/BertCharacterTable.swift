import Foundation

/// What the BERT normaliser and pre-tokeniser of Hugging Face `tokenizers` do to each
/// Unicode scalar, precomputed once per process.
///
/// The normaliser (`clean_text`, `handle_chinese_chars`, strip accents, lower-case) maps one
/// input scalar to zero or more output scalars; the pre-tokeniser then sees each output
/// scalar as whitespace (ends a word), punctuation (a word of its own) or a word character.
/// Output scalars are packed as `value | kind << 24` so the hot loop needs no other look-up.
///
/// Per-scalar decomposition equals whole-string NFD except where canonical reordering would
/// swap two marks that both survive the removal of nonspacing marks (`Mn`); no such pair
/// occurs in practice.
final class BertCharacterTable: Sendable {
    /// The kind of an output scalar, in bits 24...25 of a packed output scalar.
    enum Kind: UInt32 {
        case word = 0
        case whitespace = 1
        case punctuation = 2
    }

    static let shared = BertCharacterTable()

    /// Scalars below this have an entry in `table`; all canonical decompositions and case
    /// mappings of Unicode 16 above it are CJK compatibility ideographs (in `others`).
    private static let tableLimit: UInt32 = 0x20000

    /// For each scalar of planes 0 and 1: `offset << 8 | count` into `pool`; count 0 means
    /// removed.
    private let table: [UInt32]
    /// Scalars from plane 2 on whose output is not themselves.
    private let others: [UInt32: UInt32]
    /// Packed output scalars.
    private let pool: [UInt32]

    private init() {
        var pool: [UInt32] = []
        pool.reserveCapacity(Int(Self.tableLimit) + 4096)
        var table = [UInt32](repeating: 0, count: Int(Self.tableLimit))

        // Removed scalars (U+0001, the separator in `decompose(_:)`, among them) keep entry 0.
        var kept: [Unicode.Scalar] = []
        kept.reserveCapacity(Int(Self.tableLimit))
        for value in 0..<Self.tableLimit {
            if let scalar = Unicode.Scalar(value), !Self.isRemoved(scalar) { kept.append(scalar) }
        }
        let decompositions = Self.decompose(kept)
        for (index, scalar) in kept.enumerated() {
            let output = Self.normalize(scalar, decomposition: decompositions[index])
            table[Int(scalar.value)] = UInt32(pool.count) << 8 | UInt32(output.count)
            pool.append(contentsOf: output)
        }

        var others: [UInt32: UInt32] = [:]
        let compatibility = (0x2F800...0x2FA1F).compactMap { Unicode.Scalar(UInt32($0)) }
            .filter { !Self.isRemoved($0) }
        let compatibilityDecompositions = Self.decompose(compatibility)
        for (index, scalar) in compatibility.enumerated() {
            let output = Self.normalize(scalar, decomposition: compatibilityDecompositions[index])
            others[scalar.value] = UInt32(pool.count) << 8 | UInt32(output.count)
            pool.append(contentsOf: output)
        }
        self.table = table
        self.others = others
        self.pool = pool
    }

    /// Calls `body` with the packed output scalars of one input scalar (not ASCII).
    @inline(__always)
    func withOutput<R>(of value: UInt32, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
        let entry: UInt32
        if value < Self.tableLimit {
            entry = table.withUnsafeBufferPointer { $0[Int(value)] }
        } else if let other = others[value] {
            entry = other
        } else {
            // Planes 2 to 16: CJK ideographs (a word each), private use (removed), or
            // scalars that are themselves.
            let scalar = Unicode.Scalar(value)!
            if Self.isRemoved(scalar) || Self.category(of: scalar) == .nonspacingMark {
                return body(UnsafeBufferPointer(start: nil, count: 0))
            }
            if Self.isChineseCharacter(value) {
                let packed = (Self.space, Self.pack(scalar), Self.space)
                return withUnsafeBytes(of: packed) { body($0.bindMemory(to: UInt32.self)) }
            }
            var packed = Self.pack(scalar)
            return withUnsafePointer(to: &packed) { body(UnsafeBufferPointer(start: $0, count: 1)) }
        }
        let count = Int(entry & 0xFF)
        let offset = Int(entry >> 8)
        return pool.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offset..<offset + count])) }
    }

    // MARK: - The rules of `tokenizers` (normalizers/bert.rs, pre_tokenizers/bert.rs)

    /// `clean_text` removes NUL, U+FFFD and every `Other` scalar (Cc, Cf, Cn, Co, Cs) except
    /// tab, newline and carriage return, which are whitespace.
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0, 0xFFFD: return true
        default: break
        }
        switch category(of: scalar) {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// The general category as `tokenizers` sees it. Its tables (the `unicode_categories`
    /// crate) are from Unicode 8.0: a scalar assigned later has no category there, so it is
    /// neither removed, nor punctuation, nor a mark to strip; it is a word character.
    /// A few scalars changed category since; `categoryChanges` restores the old ones.
    static func category(of scalar: Unicode.Scalar) -> Unicode.GeneralCategory {
        if let old = categoryChanges[scalar.value] { return old }
        guard let age = scalar.properties.age, age.major < 8 || (age.major == 8 && age.minor == 0) else {
            return .unassigned
        }
        return scalar.properties.generalCategory
    }

    /// Scalars assigned by Unicode 8.0 whose category has changed since.
    private static let categoryChanges: [UInt32: Unicode.GeneralCategory] = [
        0x166D: .otherPunctuation,  // CANADIAN SYLLABICS CHI SIGN, So since 12.0
        0x1734: .nonspacingMark,  // HANUNOO SIGN PAMUDPOD, Mc since 14.0
        0x1885: .otherLetter,  // MONGOLIAN LETTER ALI GALI BALUDA, Mn since 9.0
        0x1886: .otherLetter,  // MONGOLIAN LETTER ALI GALI THREE BALUDA, Mn since 9.0
        0xA9BD: .spacingMark,  // JAVANESE CONSONANT SIGN KERET, Mn since 12.0
        0x111C9: .otherPunctuation,  // SHARADA SANDHI MARK, Mn since 11.0
        0x1171E: .nonspacingMark,  // AHOM CONSONANT SIGN MEDIAL RA, Mc since 14.0
    ]

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// ASCII punctuation (which includes `$ + < = > ^ ` | ~`) or any Unicode `P*` category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch category(of: scalar) {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK ideograph blocks BERT puts spaces around (not kana, not Hangul).
    static func isChineseCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    static func pack(_ scalar: Unicode.Scalar) -> UInt32 {
        let kind: Kind =
            isWhitespace(scalar) ? .whitespace : isPunctuation(scalar) ? .punctuation : .word
        return scalar.value | kind.rawValue << 24
    }

    private static let space = UInt32(0x20) | Kind.whitespace.rawValue << 24

    /// The packed output scalars of one input scalar, given its canonical decomposition.
    private static func normalize(_ scalar: Unicode.Scalar, decomposition: ArraySlice<Unicode.Scalar>) -> [UInt32] {
        if isRemoved(scalar) { return [] }
        if isWhitespace(scalar) { return [space] }
        var output: [UInt32] = []
        let chinese = isChineseCharacter(scalar.value)
        if chinese { output.append(space) }
        for part in decomposition where category(of: part) != .nonspacingMark {
            if part.properties.changesWhenLowercased {
                for lower in part.properties.lowercaseMapping.unicodeScalars {
                    output.append(pack(lower))
                }
            } else {
                output.append(pack(part))
            }
        }
        if chinese { output.append(space) }
        return output
    }

    /// The canonical decompositions (NFD) of many scalars. Those that may have one go through
    /// one Foundation call, joined by U+0001 (combining class 0, so nothing reorders across
    /// it); CJK unified ideographs and scalars unassigned in this Unicode version have none.
    private static func decompose(_ scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        func mayDecompose(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if value < 0xC0 || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value) {
                return false
            }
            return scalar.properties.generalCategory != .unassigned
        }
        var joined = String.UnicodeScalarView()
        for scalar in scalars where mayDecompose(scalar) {
            joined.append(scalar)
            joined.append("\u{1}")
        }
        let decomposed = Array(String(joined).decomposedStringWithCanonicalMapping.unicodeScalars)
        var result: [ArraySlice<Unicode.Scalar>] = []
        result.reserveCapacity(scalars.count)
        var position = 0
        for scalar in scalars {
            if mayDecompose(scalar) {
                var end = position
                while decomposed[end] != "\u{1}" { end += 1 }
                result.append(decomposed[position..<end])
                position = end + 1
            } else {
                result.append([scalar][...])
            }
        }
        precondition(position == decomposed.count, "NFD changed the number of separators")
        return result
    }
}
