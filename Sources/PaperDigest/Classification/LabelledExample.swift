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
            for line in lines(of: data) {
                guard let key = quickKey(line), wanted.contains(key), texts[key] == nil,
                    let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any]
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

    /// The lines of a JSON Lines file, found with `memchr` (the corpus is tens of megabytes).
    static func lines(of data: Data) -> [Data] {
        data.withUnsafeBytes { raw -> [Data] in
            guard let base = raw.baseAddress else { return [] }
            var lines: [Data] = []
            var start = 0
            while start < raw.count {
                let end = memchr(base + start, Int32(UInt8(ascii: "\n")), raw.count - start)
                    .map { base.distance(to: UnsafeRawPointer($0)) } ?? raw.count
                if end > start { lines.append(Data(bytes: base + start, count: end - start)) }
                start = end + 1
            }
            return lines
        }
    }

    /// The `id` (papers) or `link` (posts) of a corpus line, read without parsing the JSON:
    /// both come early in a line, so only its first kilobyte is searched.
    static func quickKey(_ line: Data) -> String? {
        line.withUnsafeBytes { raw -> String? in
            guard let base = raw.baseAddress else { return nil }
            let window = min(raw.count, 1024)
            for field in ["\"id\": \"", "\"link\": \""] {
                let needle = Array(field.utf8)
                guard let found = firstOccurrence(of: needle, in: base, count: window) else { continue }
                let start = found + needle.count
                guard let close = memchr(base + start, Int32(UInt8(ascii: "\"")), raw.count - start) else { return nil }
                let end = base.distance(to: UnsafeRawPointer(close))
                return String(decoding: UnsafeRawBufferPointer(start: base + start, count: end - start), as: UTF8.self)
            }
            return nil
        }
    }

    /// Where `needle` (which starts with a quote) first occurs in `count` bytes at `base`.
    private static func firstOccurrence(of needle: [UInt8], in base: UnsafeRawPointer, count: Int) -> Int? {
        var offset = 0
        while offset + needle.count <= count {
            guard let quote = memchr(base + offset, Int32(needle[0]), count - offset) else { return nil }
            let position = base.distance(to: UnsafeRawPointer(quote))
            if position + needle.count <= count, memcmp(base + position, needle, needle.count) == 0 { return position }
            offset = position + 1
        }
        return nil
    }
}
