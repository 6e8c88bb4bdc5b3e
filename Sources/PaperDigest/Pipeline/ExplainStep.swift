import Foundation

/// `paperdigest explain ID`: why an item was classified as it was, from what the classify
/// step stored.
public enum ExplainStep {
    /// The stored classification of the item `reference` (item id, arXiv id or URL) and its
    /// explanation, as lines of text.
    ///
    /// - Throws: `PaperDigestError` when no item matches or it has not been classified.
    public static func report(database: AppDatabase, reference: String) throws -> String {
        guard let itemID = try database.itemID(for: reference) else {
            throw PaperDigestError(.classify, "no item with this id, arXiv id or URL", at: reference)
        }
        guard let stored = try database.latestClassification(itemID: itemID) else {
            throw PaperDigestError(.classify, "item \(itemID) has not been classified yet; run paperdigest classify", at: reference)
        }
        return render(stored)
    }

    static func render(_ stored: StoredItemClassification) -> String {
        let decoder = JSONDecoder()
        let tags = (try? decoder.decode([ClassificationJSON.Tag].self, from: Data(stored.tags.utf8))) ?? []
        let probabilities = (try? decoder.decode([String: Double].self, from: Data(stored.sentimentProbabilities.utf8))) ?? [:]
        let explanation = stored.explanation.flatMap { try? decoder.decode(Explanation.self, from: Data($0.utf8)) }
        func number(_ value: Double) -> String { String(format: "%.2f", value) }

        var lines: [String] = []
        lines.append("item \(stored.itemID): \(stored.title)")
        if let arxiv = stored.arxivID { lines.append("  arXiv:\(arxiv)") } else if let url = stored.url { lines.append("  \(url)") }
        lines.append("heads \(stored.headsVersion), \(ISO8601DateFormatter().string(from: stored.classifiedAt))")
        lines.append("")
        if let relevance = stored.relevance { lines.append("relevance  \(number(relevance)) (confidence that it belongs to the field)") }
        lines.append("tags       " + (tags.isEmpty ? "none (outside the field)" : tags.map { "\($0.slug) \(number($0.confidence))" }.joined(separator: ", ")))
        let ordered = Classification.Sentiment.allCases.map { "\($0.rawValue) \(number(probabilities[$0.rawValue] ?? 0))" }
        lines.append("sentiment  \(stored.sentiment) (\(ordered.joined(separator: ", ")))")
        lines.append("score      \(stored.score)/10")
        let entities = JSONStrings.decode(stored.entities)
        lines.append("entities   " + (entities.isEmpty ? "none" : entities.joined(separator: ", ")))
        lines.append("summary    \(stored.summary)")
        guard let explanation else {
            lines.append("")
            lines.append("(no explanation stored)")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        lines.append("why the tags:")
        for rule in explanation.rules { lines.append("  \(rule)") }
        if !explanation.phrases.isEmpty {
            lines.append("phrases found:")
            var topics: [String] = []
            var entries: [String: [String]] = [:]
            for hit in explanation.phrases {
                if entries[hit.topic] == nil { topics.append(hit.topic) }
                entries[hit.topic, default: []].append("\(hit.phrase)\(hit.count > 1 ? " ×\(hit.count)" : "") (\(hit.kind.rawValue))")
            }
            for topic in topics { lines.append("  \(topic): \(entries[topic]!.joined(separator: ", "))") }
        }
        if !explanation.cues.isEmpty {
            lines.append("sentiment cues: \(explanation.cues.joined(separator: ", "))")
        }
        lines.append("nearest labelled examples:")
        for neighbour in explanation.neighbours {
            let tagList = neighbour.tags.isEmpty ? "no tags" : neighbour.tags.joined(separator: ", ")
            lines.append("  \(number(neighbour.similarity))  \(neighbour.id)  \(neighbour.sentiment), \(neighbour.score)/10, \(tagList)")
            lines.append("        \(neighbour.title)")
        }
        lines.append("largest contributions to each head (standardised features × weights):")
        for head in explanation.heads {
            let terms = head.terms.map { "\($0.feature) \($0.contribution >= 0 ? "+" : "")\(number($0.contribution))" }
            lines.append("  \(head.head): \(terms.joined(separator: ", ")); bias \(number(head.bias))")
        }
        return lines.joined(separator: "\n")
    }
}
