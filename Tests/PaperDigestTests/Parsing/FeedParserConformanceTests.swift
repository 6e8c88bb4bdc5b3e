import Foundation
import Testing
@testable import PaperDigest

/// feedparser's own test cases (../shared/conformance/feedparser) run through FeedParser.
@Suite struct FeedParserConformanceTests {
    static let requiredGroups = [
        "wellformed/rss", "wellformed/atom10", "wellformed/atom", "wellformed/rdf", "wellformed/amp",
        "wellformed/namespace", "wellformed/node_precedence", "wellformed/xml", "wellformed/base", "entities",
    ]

    struct Outcome {
        var file: String
        var group: String
        var passed: Bool
        var detail: String
    }

    static func runCases() throws -> [Outcome] {
        let casesURL = SharedFiles.conformance.appendingPathComponent("feedparser/cases.jsonl")
        let text = try String(contentsOf: casesURL, encoding: .utf8)
        var outcomes: [Outcome] = []
        for line in text.split(separator: "\n") {
            guard let data = line.data(using: .utf8),
                let c = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                c["model_subset"] as? Bool == true,
                let file = c["file"] as? String, let group = c["group"] as? String
            else { continue }
            let translation = c["translation"] as? [String: Any] ?? [:]
            let assertions = translation["assertions"] as? [[String: Any]] ?? []
            let headers = c["headers"] as? [String: String] ?? [:]
            var contentType: String?, contentLocation: String?
            for (k, v) in headers {
                if k.lowercased() == "content-type" { contentType = v }
                if k.lowercased() == "content-location" { contentLocation = v }
            }
            let url = group == "wellformed/base" ? "http://127.0.0.1:8097/tests/" + file : nil
            let bytes = try Data(contentsOf: SharedFiles.conformance.appendingPathComponent("feedparser/tests/" + file))
            var passed = false
            var detail = ""
            do {
                let feed = try FeedParser().parse(bytes, url: url, contentType: contentType, contentLocation: contentLocation)
                let view = FeedparserView.make(feed)
                let failing = assertions.filter { !FeedparserView.check($0, root: view) }
                passed = !failing.isEmpty ? false : true
                if let first = failing.first {
                    let path = (first["canonical_path"] as? String) ?? (first["path"] as? String) ?? "?"
                    let actual = FeedparserView.value(at: path, in: view)
                    detail = "\(first["op"] ?? "") \(path): got \(String(describing: actual).prefix(160)) expected \(String(describing: first["value"] ?? "").prefix(160)) warnings=\(feed.warnings)"
                }
            } catch {
                detail = "threw \(error)"
            }
            outcomes.append(Outcome(file: file, group: group, passed: passed, detail: detail))
        }
        return outcomes
    }

    @Test func passesFeedparserConformanceCases() throws {
        let outcomes = try Self.runCases()
        #expect(outcomes.count > 800)
        let groups = Dictionary(grouping: outcomes, by: \.group)
        for group in groups.keys.sorted() {
            let list = groups[group]!
            let pass = list.filter(\.passed).count
            print("conformance \(group): \(pass)/\(list.count)")
            if Self.requiredGroups.contains(group) {
                #expect(Double(pass) >= 0.97 * Double(list.count), "\(group): \(pass)/\(list.count) below 97%")
            }
        }
        let failing = outcomes.filter { !$0.passed }
        for f in failing { print("FAIL \(f.file): \(f.detail)") }

        // The known-failures file lists exactly the cases that fail: complete and not stale.
        let known = SharedFiles.knownFailures(section: "feedparser conformance")
        let failingFiles = Set(failing.map(\.file))
        for f in failing where known[f.file] == nil {
            Issue.record("\(f.file) fails but is not listed in ConformanceKnownFailures.md: \(f.detail)")
        }
        for (file, _) in known where !failingFiles.contains(file) {
            Issue.record("\(file) is listed in ConformanceKnownFailures.md but passes now; remove it")
        }
        for (file, reason) in known where reason.isEmpty {
            Issue.record("\(file) is listed without a reason")
        }
    }
}
