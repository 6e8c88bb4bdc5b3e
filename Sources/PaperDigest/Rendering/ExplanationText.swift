import Foundation

/// `classifications.explanation` (JSON of any shape the heads write) as headed lists of
/// plain-text lines, so the item page can say why it got its tags, sentiment and score.
enum ExplanationText {
    static func groups(_ json: String?) -> [ItemPage.Explanation] {
        guard let json, let data = json.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return [] }
        if let object = value as? [String: Any] {
            return object.keys.sorted(by: order).compactMap { key in
                let lines = flatten(object[key]!, prefix: "")
                return lines.isEmpty ? nil : ItemPage.Explanation(heading: heading(key), lines: lines)
            }
        }
        let lines = flatten(value, prefix: "")
        return lines.isEmpty ? [] : [ItemPage.Explanation(heading: "Why", lines: lines)]
    }

    /// Tags, sentiment and score first, in that order; other keys after, alphabetically.
    private static func order(_ a: String, _ b: String) -> Bool {
        let known = ["tags", "topics", "sentiment", "score", "entities", "summary"]
        let ia = known.firstIndex(of: a.lowercased()) ?? known.count
        let ib = known.firstIndex(of: b.lowercased()) ?? known.count
        return ia != ib ? ia < ib : a < b
    }

    private static func heading(_ key: String) -> String {
        let words = key.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    private static func scalar(_ value: Any) -> String? {
        switch value {
        case let s as String: return s.cleanedText
        case let b as Bool where type(of: value) == Bool.self: return b ? "yes" : "no"
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return n.boolValue ? "yes" : "no" }
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%.3g", d)
        case is NSNull: return nil
        default: return nil
        }
    }

    private static func flatten(_ value: Any, prefix: String) -> [String] {
        if let s = scalar(value) { return s.isEmpty ? [] : [prefix + s] }
        if let array = value as? [Any] {
            // An array of scalars reads best on one line.
            let scalars = array.compactMap(scalar)
            if scalars.count == array.count { return scalars.isEmpty ? [] : [prefix + scalars.joined(separator: ", ")] }
            return array.flatMap { flatten($0, prefix: prefix) }
        }
        if let object = value as? [String: Any] {
            let parts = object.keys.sorted().compactMap { key -> String? in
                guard let s = scalar(object[key]!) else { return nil }
                return "\(heading(key).lowercased()): \(s)"
            }
            if parts.count == object.count { return parts.isEmpty ? [] : [prefix + parts.joined(separator: "; ")] }
            return object.keys.sorted().flatMap { key in flatten(object[key]!, prefix: prefix + heading(key) + " — ") }
        }
        return []
    }
}
