/// A text cut into the tokens phrases are matched on: runs of letters and digits, and every
/// other visible character on its own (`GPT-2` → `GPT`, `-`, `2`).
///
/// Matching phrases token by token is matching on word boundaries: `SAE` matches in
/// "SAE-based" and "(SAE)" but not in "SAEs" or "BSAE".
public struct TokenizedText: Sendable {
    /// The tokens as written.
    public let tokens: [String]
    /// The tokens lower-cased, for case-insensitive phrases.
    public let lowered: [String]
    /// Tokens before this index come from the title (0 when there is none).
    public let titleEnd: Int

    public init(_ text: String) {
        self.init(title: "", body: text)
    }

    /// Tokens of a title followed by a body; `titleEnd` says where the title stops.
    public init(title: String, body: String) {
        var tokens: [String] = []
        tokens.reserveCapacity((title.utf8.count + body.utf8.count) / 5)
        Self.append(title, to: &tokens)
        let titleEnd = tokens.count
        Self.append(body, to: &tokens)
        self.tokens = tokens
        self.lowered = tokens.map { $0.lowercased() }
        self.titleEnd = titleEnd
    }

    /// How many tokens are words (start with a letter or digit).
    public var wordCount: Int {
        tokens.reduce(0) { $0 + (Self.isWordScalar($1.unicodeScalars.first!) ? 1 : 0) }
    }

    static func append(_ text: String, to tokens: inout [String]) {
        var word = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                word.append(scalar)
                continue
            }
            if !word.isEmpty {
                tokens.append(String(word))
                word = String.UnicodeScalarView()
            }
            if !scalar.properties.isWhitespace, scalar.properties.generalCategory != .control,
                scalar.properties.generalCategory != .format
            {
                tokens.append(String(scalar))
            }
        }
        if !word.isEmpty { tokens.append(String(word)) }
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }
}
