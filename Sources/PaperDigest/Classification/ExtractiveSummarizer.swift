/// Chooses two or three whole sentences of an abstract that say what it is about without
/// saying it twice: maximal marginal relevance over sentence embeddings, against the
/// embedding of the whole text.
public struct ExtractiveSummarizer: Sendable {
    /// Most words the summary may have.
    public var maxWords: Int
    /// Most sentences the summary may have.
    public var maxSentences: Int
    /// Weight of closeness to the document against distance from what is already chosen (0…1).
    public var relevanceWeight: Float
    /// Sentences shorter than this are skipped when longer ones exist (headings, "Code:").
    public var minWords: Int

    public init(maxWords: Int = 60, maxSentences: Int = 3, relevanceWeight: Float = 0.7, minWords: Int = 5) {
        self.maxWords = maxWords
        self.maxSentences = maxSentences
        self.relevanceWeight = relevanceWeight
        self.minWords = minWords
    }

    /// The summary: chosen sentences in the text's order, joined by spaces.
    ///
    /// - Parameters:
    ///   - sentences: the text's sentences (`SentenceSplitter`).
    ///   - embeddings: one L2-normalised embedding per sentence.
    ///   - document: the embedding of the whole text.
    /// - Returns: whole sentences only, unless no sentence fits in `maxWords`: then the most
    ///   central one cut at a word boundary with "…".
    public func summarize(sentences: [String], embeddings: [[Float]], document: [Float]) -> String {
        precondition(sentences.count == embeddings.count, "one embedding per sentence")
        guard !sentences.isEmpty else { return "" }
        let words = sentences.map(Self.wordCount)
        let relevance = embeddings.map { Self.dot($0, document) }
        let substantial = sentences.indices.filter { words[$0] >= minWords && !Self.isBoilerplate(sentences[$0]) }
        let candidates = substantial.isEmpty ? Array(sentences.indices) : substantial

        var chosen: [Int] = []
        var budget = maxWords
        while chosen.count < maxSentences {
            var best: (index: Int, value: Float)? = nil
            for index in candidates where !chosen.contains(index) && words[index] <= budget {
                let redundancy = chosen.map { Self.dot(embeddings[index], embeddings[$0]) }.max() ?? 0
                var value = relevanceWeight * relevance[index] - (1 - relevanceWeight) * redundancy
                // "These results…", "Moreover, …" lean on the sentence before: only as good
                // when that sentence is in the summary too.
                if index > 0, !chosen.contains(index - 1), Self.leansOnPrevious(sentences[index]) { value -= 0.08 }
                if best == nil || value > best!.value { best = (index, value) }
            }
            guard let pick = best else { break }
            chosen.append(pick.index)
            budget -= words[pick.index]
        }
        if chosen.isEmpty {
            let central = candidates.max { relevance[$0] < relevance[$1] }!
            return Self.clip(Self.plainLaTeX(sentences[central]), toWords: maxWords)
        }
        return chosen.sorted().map { Self.plainLaTeX(sentences[$0]) }.joined(separator: " ")
    }

    /// Whether an abstract says anything its title does not. Lab feeds often put the title
    /// again in the summary, or a section label ("Fundamental Research", "Link post"): neither
    /// is a summary, so a card shows none rather than repeat the title or show the label.
    public func saysMore(_ abstract: String, than title: String) -> Bool {
        let words = Self.plainWords(abstract)
        guard !words.isEmpty, !Self.onlyRepeats(words, title: title) else { return false }
        if words.count < minWords, let last = abstract.last(where: { !$0.isWhitespace }), !".!?".contains(last) {
            return false
        }
        return true
    }

    /// Whether a text's words (`plainWords`) are all words of the title: the title again.
    static func onlyRepeats(_ words: [String], title: String) -> Bool {
        Set(words).isSubset(of: plainWords(title))
    }

    /// Lower-cased runs of letters and digits.
    static func plainWords(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Text-formatting LaTeX made readable: `\textit{safety}` → `safety`, `\%` → `%`.
    /// Math (`$…$`) is left as written.
    static func plainLaTeX(_ sentence: String) -> String {
        guard sentence.contains("\\") else { return sentence }
        var out = ""
        var rest = Substring(sentence)
        let commands = ["\\textit{", "\\textbf{", "\\emph{", "\\texttt{", "\\textsc{", "\\textrm{"]
        while let slash = rest.firstIndex(of: "\\") {
            out += rest[..<slash]
            rest = rest[slash...]
            if let command = commands.first(where: { rest.hasPrefix($0) }),
                let close = rest.dropFirst(command.count).firstIndex(of: "}")
            {
                out += rest[rest.index(rest.startIndex, offsetBy: command.count)..<close]
                rest = rest[rest.index(after: close)...]
            } else if rest.count >= 2, "%&_#$".contains(rest[rest.index(after: rest.startIndex)]) {
                out.append(rest[rest.index(after: rest.startIndex)])
                rest = rest.dropFirst(2)
            } else {
                out.append("\\")
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }

    static let openersThatLeanBack: Set<String> = [
        "this", "these", "that", "those", "it", "its", "they", "their", "such", "moreover", "however", "furthermore",
        "additionally", "also", "next", "then", "finally", "thus", "hence", "therefore", "consequently", "similarly",
        "instead", "here", "there", "both",
    ]

    /// Whether a sentence opens with a word that points back at the sentence before.
    static func leansOnPrevious(_ sentence: String) -> Bool {
        let first = sentence.prefix { $0.isLetter }.lowercased()
        return openersThatLeanBack.contains(first)
    }

    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    static func clip(_ text: String, toWords limit: Int) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        guard words.count > limit else { return text }
        return words.prefix(limit).joined(separator: " ") + "…"
    }

    /// Links, licences and venue notes: true of the text, never what it is about.
    static func isBoilerplate(_ sentence: String) -> Bool {
        let lowered = sentence.lowercased()
        for marker in ["http://", "https://", "github.com", "www.", "code is available", "code will be", "code and data",
                       "is publicly available", "are publicly available", "accepted at", "accepted to", "to appear in",
                       "project page"]
        where lowered.contains(marker) {
            return true
        }
        return false
    }

    @inline(__always)
    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for i in 0..<min(a.count, b.count) { sum += a[i] * b[i] }
        return sum
    }
}
