/// Finds many phrases in a text at once, on word boundaries, in one pass over its tokens.
///
/// The phrases are compiled once into a trie of token ids (one for case-insensitive
/// phrases, one for case-sensitive ones); a text is then read token by token, with one
/// dictionary look-up per token and a walk of the trie from each position. No regular
/// expression is built or run per text.
public struct PhraseMatcher: Sendable {
    /// One phrase to look for.
    public struct Pattern: Sendable, Hashable {
        public var phrase: String
        public var caseSensitive: Bool

        public init(_ phrase: String, caseSensitive: Bool = false) {
            self.phrase = phrase
            self.caseSensitive = caseSensitive
        }
    }

    /// Where a pattern was found: its index in the matcher's `patterns`, and the token range.
    public struct Match: Sendable, Hashable {
        public var pattern: Int
        public var start: Int
        public var end: Int
    }

    public let patterns: [Pattern]
    private let folded: Trie
    private let exact: Trie

    public init(_ patterns: [Pattern]) {
        self.patterns = patterns
        var folded = Trie()
        var exact = Trie()
        for (index, pattern) in patterns.enumerated() {
            let tokenized = TokenizedText(pattern.phrase)
            guard !tokenized.tokens.isEmpty else { continue }
            if pattern.caseSensitive {
                exact.insert(tokenized.tokens, pattern: index)
            } else {
                folded.insert(tokenized.lowered, pattern: index)
            }
        }
        self.folded = folded
        self.exact = exact
    }

    /// Every occurrence of every pattern, ordered by position. Overlapping matches are all
    /// reported ("cross-layer transcoder" also holds "transcoder").
    public func matches(in text: TokenizedText) -> [Match] {
        var found: [Match] = []
        folded.scan(text.lowered, into: &found)
        exact.scan(text.tokens, into: &found)
        if !exact.isEmpty && !folded.isEmpty {
            found.sort { ($0.start, $0.end, $0.pattern) < ($1.start, $1.end, $1.pattern) }
        }
        return found
    }

    /// How many times each pattern occurs, indexed like `patterns`.
    public func counts(in text: TokenizedText) -> [Int] {
        var counts = [Int](repeating: 0, count: patterns.count)
        for match in matches(in: text) { counts[match.pattern] += 1 }
        return counts
    }

    /// A trie over token ids: node 0 is the root.
    private struct Trie: Sendable {
        var vocabulary: [String: Int32] = [:]
        var children: [[Int32: Int32]] = [[:]]
        var terminals: [[Int]] = [[]]

        var isEmpty: Bool { vocabulary.isEmpty }

        mutating func insert(_ tokens: [String], pattern: Int) {
            var node = 0
            for token in tokens {
                let id: Int32
                if let known = vocabulary[token] {
                    id = known
                } else {
                    id = Int32(vocabulary.count)
                    vocabulary[token] = id
                }
                if let next = children[node][id] {
                    node = Int(next)
                } else {
                    children.append([:])
                    terminals.append([])
                    children[node][id] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            terminals[node].append(pattern)
        }

        func scan(_ tokens: [String], into found: inout [Match]) {
            guard !isEmpty else { return }
            let ids = tokens.map { vocabulary[$0] ?? -1 }
            for start in ids.indices where ids[start] >= 0 {
                var node = 0
                var position = start
                while position < ids.count, ids[position] >= 0, let next = children[node][ids[position]] {
                    node = Int(next)
                    position += 1
                    for pattern in terminals[node] {
                        found.append(Match(pattern: pattern, start: start, end: position))
                    }
                }
            }
        }
    }
}
