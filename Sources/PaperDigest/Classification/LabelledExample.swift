import Foundation

/// A paper or post a person labelled, with its text: one training example for the heads.
/// A label may say only some things (a sentiment without tags): the heads it does not
/// speak to skip it.
public struct LabelledExample: Sendable, Hashable {
    /// arXiv id, URL, or `item:<id>` for a database item with neither.
    public var id: String
    public var title: String
    public var abstract: String
    public var sentiment: Classification.Sentiment?
    public var score: Int?
    public var tags: [String]?

    public init(
        id: String, title: String, abstract: String, sentiment: Classification.Sentiment?, score: Int?, tags: [String]?
    ) {
        self.id = id
        self.title = title
        self.abstract = abstract
        self.sentiment = sentiment
        self.score = score
        self.tags = tags
    }

    public var text: String { ClassifierInput.text(title: title, abstract: abstract) }
}

/// Reads `Data/labels.jsonl` and finds each label's text in the shared corpus.
public enum LabelFile {
    /// One line of the labels file.
    public struct Label: Sendable, Hashable {
        public var arxivID: String?
        public var url: String?
        public var sentiment: Classification.Sentiment?
        public var score: Int?
        public var tags: [String]?

        public var id: String { arxivID ?? url ?? "" }
    }

    /// The labels of a JSON Lines file.
    ///
    /// - Throws: `PaperDigestError` naming the file and line of the first bad label.
    public static func read(path: String) throws -> [Label] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PaperDigestError(.classify, "cannot read the labels file", at: path)
        }
        var labels: [Label] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(line).trimmedWhitespace
            guard !text.isEmpty else { continue }
            let place = "\(path): line \(number + 1)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw PaperDigestError(.classify, "not a JSON object", at: place)
            }
            let arxivID = object["arxiv_id"] as? String
            let url = object["url"] as? String
            guard arxivID != nil || url != nil else {
                throw PaperDigestError(.classify, "a label needs arxiv_id or url", at: place)
            }
            var label = Label(arxivID: arxivID, url: url)
            if let word = object["sentiment"] as? String {
                guard let sentiment = Classification.Sentiment(rawValue: word) else {
                    throw PaperDigestError(.classify, "sentiment must be bullish, neutral or bearish, not \(word)", at: place)
                }
                label.sentiment = sentiment
            }
            if let score = object["score"] {
                guard let value = score as? Int, (1...10).contains(value) else {
                    throw PaperDigestError(.classify, "score must be a whole number from 1 to 10", at: place)
                }
                label.score = value
            }
            if let tags = object["tags"] {
                guard let list = tags as? [String] else {
                    throw PaperDigestError(.classify, "tags must be a list of topic slugs", at: place)
                }
                label.tags = list
            }
            labels.append(label)
        }
        return labels
    }

    /// Finds the text of each label in the corpus folder's JSON Lines files (papers by `id`,
    /// posts by `link`). Labels whose text is not found are returned apart.
    public static func examples(for labels: [Label], corpusPath: String) throws -> (found: [LabelledExample], missing: [Label]) {
        let wanted = Set(labels.map(\.id))
        var texts: [String: (title: String, abstract: String)] = [:]
        let folder = URL(fileURLWithPath: corpusPath)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: corpusPath)) ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        guard !files.isEmpty else {
            throw PaperDigestError(.classify, "no corpus (*.jsonl) to read the labels' texts from", at: corpusPath)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) else { continue }
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let key = quickKey(line), wanted.contains(key), texts[key] == nil,
                    let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
                else { continue }
                let title = (object["title"] as? String) ?? ""
                let abstract = (object["abstract"] as? String) ?? (object["summary"] as? String) ?? ""
                texts[key] = (title, abstract)
            }
        }
        var found: [LabelledExample] = []
        var missing: [Label] = []
        for label in labels {
            if let text = texts[label.id] {
                found.append(LabelledExample(
                    id: label.id, title: text.title, abstract: text.abstract, sentiment: label.sentiment,
                    score: label.score, tags: label.tags))
            } else {
                missing.append(label)
            }
        }
        return (found, missing)
    }

    /// The `id` (papers) or `link` (posts) of a corpus line, read without parsing the JSON.
    static func quickKey(_ line: Data.SubSequence) -> String? {
        for field in ["\"id\": \"", "\"link\": \""] {
            let needle = Array(field.utf8)
            guard let start = firstRange(of: needle, in: line) else { continue }
            var end = start
            while end < line.endIndex, line[end] != UInt8(ascii: "\"") { end += 1 }
            return String(decoding: line[start..<end], as: UTF8.self)
        }
        return nil
    }

    private static func firstRange(of needle: [UInt8], in line: Data.SubSequence) -> Data.Index? {
        guard line.count >= needle.count else { return nil }
        var i = line.startIndex
        let last = line.endIndex - needle.count
        while i <= last {
            if line[i] == needle[0] {
                var match = true
                for k in 1..<needle.count where line[i + k] != needle[k] {
                    match = false
                    break
                }
                if match { return i + needle.count }
            }
            i += 1
        }
        return nil
    }
}
