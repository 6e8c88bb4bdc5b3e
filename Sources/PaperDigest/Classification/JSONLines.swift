import Foundation

/// The JSON Lines protocols of `paperdigest embed --stdin` and `paperdigest classify --stdin`:
/// one JSON object in per line, one out per line, in order. A line that cannot be read
/// gives `{"error": "…"}` in its place, and the stream goes on.
public enum JSONLines {
    /// Reads `{"text": …}` lines, writes `{"embedding": [floats]}` lines.
    ///
    /// - Parameters:
    ///   - readLine: the next input line, `nil` at the end.
    ///   - write: receives each output line (without the newline).
    ///   - batchSize: lines embedded together.
    public static func embed(
        readLine: () -> String?, write: (String) -> Void, embedder: Embedder, batchSize: Int = 32
    ) throws {
        try batched(readLine: readLine, write: write, batchSize: batchSize, field: { object in
            guard let text = object["text"] as? String else { throw LineError("expected {\"text\": \"…\"}") }
            return text
        }) { texts in
            try embedder.embed(texts).map { vector in
                "{\"embedding\":[" + vector.map { formatFloat($0) }.joined(separator: ",") + "]}"
            }
        }
    }

    /// Reads `{"title", "abstract"}` (or `{"title", "summary"}`) lines, writes one
    /// classification a line: `{"tags":[{"slug","confidence"}],"sentiment",
    /// "sentiment_probabilities","score","summary","entities"}`.
    public static func classify(
        readLine: () -> String?, write: (String) -> Void, classifier: Classifier, batchSize: Int = 16
    ) throws {
        try batched(readLine: readLine, write: write, batchSize: batchSize, field: { object in
            let title = object["title"] as? String ?? ""
            let abstract = (object["abstract"] as? String) ?? (object["summary"] as? String) ?? ""
            guard !title.isEmpty || !abstract.isEmpty else {
                throw LineError("expected {\"title\": \"…\", \"abstract\": \"…\"} (or \"summary\")")
            }
            return ClassifierInput(title: title, abstract: abstract)
        }) { inputs in
            try classifier.classify(inputs).map(encode)
        }
    }

    /// One classification as a `classify --stdin` output line.
    public static func encode(_ classification: Classification) -> String {
        let object: [String: Any] = [
            "tags": classification.tags.map { ["slug": $0.slug, "confidence": rounded($0.confidence)] as [String: Any] },
            "sentiment": classification.sentiment.rawValue,
            "sentiment_probabilities": classification.sentimentProbabilities.mapValues(rounded),
            "score": classification.score,
            "summary": classification.summary,
            "entities": classification.entities,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: - Plumbing

    struct LineError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static func batched<Input>(
        readLine: () -> String?, write: (String) -> Void, batchSize: Int,
        field: ([String: Any]) throws -> Input, process: ([Input]) throws -> [String]
    ) throws {
        // Each slot is an input to process or an error line to write as it is.
        var slots: [Result<Input, LineError>] = []
        func flush() throws {
            let inputs = slots.compactMap { try? $0.get() }
            var outputs = inputs.isEmpty ? [] : try process(inputs)[...]
            for slot in slots {
                switch slot {
                case .success: write(outputs.removeFirst())
                case .failure(let error): write(errorLine(error.description))
                }
            }
            slots.removeAll(keepingCapacity: true)
        }
        while let line = readLine() {
            let trimmed = line.trimmedWhitespace
            if trimmed.isEmpty { continue }
            do {
                guard let object = try JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                    throw LineError("expected a JSON object")
                }
                slots.append(.success(try field(object)))
            } catch let error as LineError {
                slots.append(.failure(error))
            } catch {
                slots.append(.failure(LineError("not valid JSON")))
            }
            if slots.count >= batchSize { try flush() }
        }
        try flush()
    }

    static func errorLine(_ message: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }

    /// The shortest decimal that reads back as the same Float.
    static func formatFloat(_ value: Float) -> String {
        value.isFinite ? value.description : "0"
    }
}
