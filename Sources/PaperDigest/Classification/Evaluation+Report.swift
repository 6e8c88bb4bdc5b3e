import Foundation

extension Evaluation {
    /// The evaluation as a plain-text table: the heads beside the majority-class and the
    /// phrase-only baselines, with the targets of the field's gate.
    public func report() -> String {
        func number(_ value: Double?, digits: Int = 3) -> String {
            guard let value else { return "—" }
            return String(format: "%.\(digits)f", value)
        }
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        func left(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        var lines: [String] = []
        lines.append("\(folds)-fold cross-validation on \(examples) labelled examples (stratified by sentiment)")
        lines.append("")
        lines.append(pad("", 28) + left("heads", 9) + left("majority", 10) + left("phrases", 10) + "   target")
        let macroTarget = "≥ 0.75 and ≥ \(number(majority.sentimentMacroF1 + 0.15, digits: 2))"
        let rows: [(String, Double, Double, Double, String)] = [
            ("sentiment accuracy", heads.sentimentAccuracy, majority.sentimentAccuracy, phraseOnly.sentimentAccuracy, ""),
            ("sentiment macro-F1", heads.sentimentMacroF1, majority.sentimentMacroF1, phraseOnly.sentimentMacroF1, macroTarget),
        ] + Classification.Sentiment.allCases.map { sentiment in
            ("  F1 \(sentiment.rawValue)", heads.sentimentF1[sentiment.rawValue] ?? 0,
             majority.sentimentF1[sentiment.rawValue] ?? 0, phraseOnly.sentimentF1[sentiment.rawValue] ?? 0, "")
        } + [
            ("score MAE", heads.scoreMAE, majority.scoreMAE, phraseOnly.scoreMAE, "≤ 0.8"),
        ]
        for (name, a, b, c, target) in rows {
            lines.append(pad(name, 28) + left(number(a), 9) + left(number(b), 10) + left(number(c), 10)
                + (target.isEmpty ? "" : "   " + target))
        }
        lines.append("")
        lines.append(pad("tag", 30) + left("n", 5) + left("heads P", 10) + left("R", 7) + left("phrases P", 11)
            + left("R", 7) + "   target")
        for tag in heads.tags {
            let phrase = phraseOnly.tag(tag.slug)
            let target = tag.slug == Topic.fieldSlug ? "   P ≥ 0.95, R ≥ 0.95" : ""
            lines.append(pad(tag.slug, 30) + left(String(tag.support), 5) + left(number(tag.precision), 10)
                + left(number(tag.recall), 7) + left(number(phrase?.precision), 11) + left(number(phrase?.recall), 7) + target)
        }
        let kinds = fieldByKind()
        if kinds.count > 1 {
            lines.append("")
            for kind in kinds {
                lines.append(pad("  \(Topic.fieldSlug) on \(kind.name)", 44) + left(String(kind.support), 5)
                    + left(number(kind.precision), 10) + left(number(kind.recall), 7) + "   of \(kind.count)")
            }
        }
        lines.append("")
        lines.append("majority: the training folds' most common sentiment and median score, no tags.")
        lines.append("phrases: tags from topics.yml phrase rules alone, sentiment by a vote of cue words,")
        lines.append("score as the training folds' mean inside / outside the field by those rules.")
        return lines.joined(separator: "\n")
    }

    /// The field's tag measured apart on papers (labelled by arXiv id) and on posts (by URL):
    /// posts often reach the classifier as a title alone.
    public func fieldByKind() -> [(name: String, count: Int, support: Int, precision: Double?, recall: Double?)] {
        var kinds: [(name: String, count: Int, support: Int, precision: Double?, recall: Double?)] = []
        for (name, isPost) in [("papers", false), ("posts", true)] {
            let members = predictions.filter { ($0.example.id.hasPrefix("http")) == isPost }
            guard !members.isEmpty else { continue }
            var truePositives = 0, predicted = 0, support = 0
            for (example, prediction) in members {
                let truth = example.tags?.contains(Topic.fieldSlug) ?? false
                let guess = prediction.tags.contains { $0.slug == Topic.fieldSlug && $0.tagged }
                support += truth ? 1 : 0
                predicted += guess ? 1 : 0
                truePositives += truth && guess ? 1 : 0
            }
            kinds.append((
                name, members.count, support, predicted == 0 ? nil : Double(truePositives) / Double(predicted),
                support == 0 ? nil : Double(truePositives) / Double(support)))
        }
        return kinds
    }

    /// Whether the heads meet the targets of the issue.
    public var meetsTargets: Bool {
        let field = heads.tag(Topic.fieldSlug)
        return heads.sentimentMacroF1 >= 0.75 && heads.sentimentMacroF1 >= majority.sentimentMacroF1 + 0.15
            && heads.scoreMAE <= 0.8 && (field?.precision ?? 0) >= 0.95 && (field?.recall ?? 0) >= 0.95
    }
}

extension Evaluation {
    /// Every held-out prediction as one JSON line: the example's id and labels, the heads'
    /// sentiment probabilities, score and every tag decision (`paperdigest eval --predictions`),
    /// for looking into errors and thresholds.
    public func predictionLines() throws -> String {
        struct Line: Encodable {
            struct Tag: Encodable {
                var slug: String
                var probability: Double?
                var verdict: String
                var tagged: Bool
            }
            var id: String
            var sentiment: String?
            var score: Int?
            var tags: [String]?
            var predictedSentiment: String
            var sentimentProbabilities: [Double]
            var predictedScore: Int
            var predictedTags: [Tag]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var text = ""
        for (example, prediction) in predictions {
            let line = Line(
                id: example.id, sentiment: example.sentiment?.rawValue, score: example.score, tags: example.tags,
                predictedSentiment: prediction.sentiment.rawValue, sentimentProbabilities: prediction.sentimentProbabilities,
                predictedScore: prediction.score,
                predictedTags: prediction.tags.map {
                    .init(slug: $0.slug, probability: $0.probability, verdict: $0.verdict.rawValue, tagged: $0.tagged)
                })
            text += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
        }
        return text
    }
}
