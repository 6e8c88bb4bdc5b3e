import Foundation
import Yams

/// The topics (`Feeds/topics.yml`) and entities (`Feeds/entities.yml`) the classifier tags.
public struct Taxonomy: Sendable, Hashable {
    public var topics: [Topic]
    public var entities: [Entity]

    public init(topics: [Topic], entities: [Entity] = []) {
        self.topics = topics
        self.entities = entities
    }

    /// The topic with this slug.
    public func topic(_ slug: String) -> Topic? { topics.first { $0.slug == slug } }

    // MARK: - Reading

    /// Reads both files.
    ///
    /// - Throws: `PaperDigestError` naming the file and the topic or entity at fault.
    public static func load(topicsPath: String, entitiesPath: String) throws -> Taxonomy {
        Taxonomy(
            topics: try parseTopics(read(topicsPath), path: topicsPath),
            entities: try parseEntities(read(entitiesPath), path: entitiesPath))
    }

    /// Reads the entities file alone (`paperdigest demo` tags labs and models without topics).
    public static func loadEntities(from path: String) throws -> [Entity] {
        try parseEntities(read(path), path: path)
    }

    private static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PaperDigestError(.configuration, "cannot read the file", at: path)
        }
        return text
    }

    /// Topics from the text of a `topics.yml`: a `topics:` list of mappings with `slug`,
    /// `title`, `emoji`, `description`, `strong`, `weak`, `negative`.
    public static func parseTopics(_ text: String, path: String = "topics.yml") throws -> [Topic] {
        let list = try topLevelList(text, key: "topics", path: path)
        var seen = Set<String>()
        return try list.enumerated().map { index, element in
            let fields = try Fields(element, what: "topic \(index + 1)", path: path)
            let topic = Topic(
                slug: try fields.string("slug"), title: try fields.string("title"),
                emoji: try fields.optionalString("emoji") ?? "", description: try fields.optionalString("description") ?? "",
                strong: try fields.strings("strong"), weak: try fields.strings("weak"), negative: try fields.strings("negative"))
            guard seen.insert(topic.slug).inserted else {
                throw PaperDigestError(.configuration, "topic \(topic.slug) is listed twice", at: path)
            }
            return topic
        }
    }

    /// Entities from the text of an `entities.yml`: `labs:` and `models:` lists of mappings
    /// with `slug`, `name`, `aliases` and optionally `case_sensitive`.
    public static func parseEntities(_ text: String, path: String = "entities.yml") throws -> [Entity] {
        var entities: [Entity] = []
        for (key, kind) in [("labs", Entity.Kind.lab), ("models", .model)] {
            let list = try topLevelList(text, key: key, path: path, required: false)
            for (index, element) in list.enumerated() {
                let fields = try Fields(element, what: "\(key) entry \(index + 1)", path: path)
                let aliases = try fields.strings("aliases")
                let entity = Entity(
                    slug: try fields.string("slug"), name: try fields.string("name"), kind: kind,
                    aliases: aliases.isEmpty ? [try fields.string("name")] : aliases,
                    caseSensitive: try fields.bool("case_sensitive"))
                entities.append(entity)
            }
        }
        return entities
    }

    private static func topLevelList(_ text: String, key: String, path: String, required: Bool = true) throws -> [Any] {
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw PaperDigestError(.configuration, "not valid YAML", at: path, underlying: error)
        }
        guard let map = node as? [String: Any] else {
            throw PaperDigestError(.configuration, "expected a mapping with a \(key): list at the top level", at: path)
        }
        guard let value = map[key] else {
            if required { throw PaperDigestError(.configuration, "no \(key): list", at: path) }
            return []
        }
        guard let list = value as? [Any] else {
            throw PaperDigestError(.configuration, "\(key) must be a list", at: path)
        }
        return list
    }

    /// One mapping of a list, read with errors that say which entry and key are wrong.
    private struct Fields {
        let map: [String: Any]
        let what: String
        let path: String

        init(_ element: Any, what: String, path: String) throws {
            guard let map = element as? [String: Any] else {
                throw PaperDigestError(.configuration, "\(what) must be a mapping", at: path)
            }
            self.map = map
            self.path = path
            self.what = (map["slug"] as? String).map { "\(what) (\($0))" } ?? what
        }

        func string(_ key: String) throws -> String {
            guard let value = try optionalString(key), !value.isEmpty else {
                throw PaperDigestError(.configuration, "\(what) has no \(key)", at: path)
            }
            return value
        }

        func optionalString(_ key: String) throws -> String? {
            guard let value = map[key] else { return nil }
            if let string = value as? String { return string }
            if let number = value as? Int { return String(number) }
            throw PaperDigestError(.configuration, "\(what): \(key) must be a string", at: path)
        }

        func strings(_ key: String) throws -> [String] {
            guard let value = map[key] else { return [] }
            guard let list = value as? [Any] else {
                throw PaperDigestError(.configuration, "\(what): \(key) must be a list of phrases", at: path)
            }
            return try list.map { element in
                if let string = element as? String, !string.isEmpty { return string }
                // YAML reads bare `2` or `true` as numbers and booleans: keep them as written.
                if let number = element as? Int { return String(number) }
                throw PaperDigestError(.configuration, "\(what): \(key) holds something that is not a phrase", at: path)
            }
        }

        func bool(_ key: String) throws -> Bool {
            guard let value = map[key] else { return false }
            guard let flag = value as? Bool else {
                throw PaperDigestError(.configuration, "\(what): \(key) must be true or false", at: path)
            }
            return flag
        }
    }
}
