/// Cuts an abstract into sentences, keeping together what only looks like an end:
/// abbreviations ("e.g.", "et al.", "Fig. 3"), decimals ("3.5"), dotted names ("U.S.",
/// "gpt-4.1"), and anything inside LaTeX math (`$…$`, `\(…\)`, `\[…\]`) or braces.
///
/// A sentence ends at `.`, `!`, `?` or `…` (possibly followed by closing quotes or
/// brackets) followed by white space and a word that may start a sentence (not a
/// lower-case letter), or at a blank line.
public struct SentenceSplitter: Sendable {
    /// Words that end with a full stop without ending the sentence, lower-cased, without the stop.
    public var abbreviations: Set<String>

    public init(abbreviations: Set<String> = SentenceSplitter.defaultAbbreviations) {
        self.abbreviations = abbreviations
    }

    public static let defaultAbbreviations: Set<String> = [
        "e.g", "i.e", "eg", "ie", "al", "cf", "vs", "viz", "resp", "approx", "incl", "w.r.t", "wrt", "a.k.a",
        "fig", "figs", "eq", "eqs", "sec", "secs", "ref", "refs", "tab", "ch", "vol", "no", "nos", "pp",
        "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "inc", "ltd", "corp", "co", "dept", "univ",
        "u.s", "u.k", "e.u", "ph.d", "m.sc", "b.sc", "est", "min", "max", "avg", "std", "var",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// The sentences of `text`, each trimmed, none empty.
    public func split(_ text: String) -> [String] {
        let characters = Array(text)
        var sentences: [String] = []
        var start = 0
        var mathDelimiter: String? = nil   // "$", "$$", "\\)", "\\]" while inside math
        var braceDepth = 0
        var i = 0

        func emit(upTo end: Int) {
            let sentence = String(characters[start..<end]).trimmedWhitespace
            if !sentence.isEmpty { sentences.append(sentence) }
            start = end
        }

        while i < characters.count {
            let c = characters[i]
            // LaTeX math and braces: nothing inside them ends a sentence.
            if let delimiter = mathDelimiter {
                if delimiter == "$$", c == "$", i + 1 < characters.count, characters[i + 1] == "$" {
                    mathDelimiter = nil; i += 2; continue
                }
                if delimiter == "$", c == "$" { mathDelimiter = nil; i += 1; continue }
                if c == "\\", i + 1 < characters.count, "\\" + String(characters[i + 1]) == delimiter {
                    mathDelimiter = nil; i += 2; continue
                }
                i += 1
                continue
            }
            if c == "\\", i + 1 < characters.count {
                let next = characters[i + 1]
                if next == "(" { mathDelimiter = "\\)"; i += 2; continue }
                if next == "[" { mathDelimiter = "\\]"; i += 2; continue }
                i += 2   // an escaped character (\$, \%) or a command's first letter
                continue
            }
            if c == "$" {
                if i + 1 < characters.count, characters[i + 1] == "$" {
                    mathDelimiter = "$$"; i += 2
                } else if hasClosingDollar(characters, after: i) {
                    mathDelimiter = "$"; i += 1
                } else {
                    i += 1   // a lone dollar sign (a price)
                }
                continue
            }
            if c == "{" { braceDepth += 1; i += 1; continue }
            if c == "}" { braceDepth = max(0, braceDepth - 1); i += 1; continue }

            // A blank line always ends a sentence.
            if c == "\n", braceDepth == 0 {
                var j = i + 1
                while j < characters.count, characters[j] == " " || characters[j] == "\t" || characters[j] == "\r" { j += 1 }
                if j < characters.count, characters[j] == "\n" {
                    emit(upTo: i)
                    i = j + 1
                    continue
                }
            }

            guard braceDepth == 0, c == "." || c == "!" || c == "?" || c == "…" else {
                i += 1
                continue
            }
            // The run of terminators and closers: "...", "?!", ".)", ".\"".
            var end = i + 1
            while end < characters.count, ".!?…".contains(characters[end]) { end += 1 }
            while end < characters.count, ")]\"'”’»".contains(characters[end]) { end += 1 }
            guard end == characters.count || characters[end].isWhitespace else {
                i = end
                continue
            }
            var next = end
            while next < characters.count, characters[next].isWhitespace { next += 1 }
            if next == characters.count {
                emit(upTo: end)
                i = next
                continue
            }
            if c == "." && end == i + 1 && isAbbreviation(characters, stopAt: i) {
                i = end
                continue
            }
            if canStartSentence(characters[next]) {
                emit(upTo: end)
                start = next
            }
            i = next
        }
        emit(upTo: characters.count)
        return sentences
    }

    private func hasClosingDollar(_ characters: [Character], after index: Int) -> Bool {
        var j = index + 1
        while j < characters.count, j - index < 400 {
            if characters[j] == "$" { return j > index + 1 }
            if characters[j] == "\n" { return false }
            j += 1
        }
        return false
    }

    /// Whether the word that ends with the full stop at `stopAt` is an abbreviation or an initial.
    private func isAbbreviation(_ characters: [Character], stopAt: Int) -> Bool {
        var begin = stopAt
        while begin > 0, !characters[begin - 1].isWhitespace, !"([{\"'“‘".contains(characters[begin - 1]) { begin -= 1 }
        let word = String(characters[begin..<stopAt]).lowercased()
        if word.isEmpty { return false }
        if abbreviations.contains(word) { return true }
        // "U.S.A", "e.g" written with inner stops: letters separated by stops.
        if word.contains("."), word.split(separator: ".").allSatisfy({ $0.count == 1 }) { return true }
        return false
    }

    private func canStartSentence(_ character: Character) -> Bool {
        if character.isLowercase { return false }
        return true
    }
}
