import Foundation
import Yams

/// The names the site gives to tag slugs: topics (title, emoji) from `Feeds/topics.yml` and
/// entities (labs, models) from `Feeds/entities.yml`. Only the display fields are read.
public struct SiteCatalog: Sendable, Hashable {
    public struct Topic: Sendable, Hashable {
        public var slug: String
        public var title: String
        public var emoji: String
        public var description: String

        public init(slug: String, title: String, emoji: String, description: String = "") {
            self.slug = slug
            self.title = title
            self.emoji = emoji
            self.description = description
        }
    }

    public struct Entity: Sendable, Hashable {
        public var slug: String
        public var name: String
        /// `labs` or `models`: the list the entity came from.
        public var kind: String

        public init(slug: String, name: String, kind: String) {
            self.slug = slug
            self.name = name
            self.kind = kind
        }
    }

    /// In the order of the file.
    public var topics: [Topic]
    public var entities: [Entity]

    public init(topics: [Topic], entities: [Entity] = []) {
        self.topics = topics
        self.entities = entities
    }

    public func topic(_ slug: String) -> Topic? { topics.first { $0.slug == slug } }

    /// Reads both files; a missing entities file gives no entities.
    public static func load(topicsPath: String, entitiesPath: String?) throws -> SiteCatalog {
        let topicsNode = try yaml(at: topicsPath)
        guard let list = (topicsNode as? [String: Any])?["topics"] as? [[String: Any]] else {
            throw PaperDigestError(.render, "expected a `topics:` list", at: topicsPath)
        }
        let topics = try list.map { entry -> Topic in
            guard let slug = entry["slug"] as? String else {
                throw PaperDigestError(.render, "a topic has no slug", at: topicsPath)
            }
            return Topic(
                slug: slug, title: entry["title"] as? String ?? slug, emoji: entry["emoji"] as? String ?? "🏷️",
                description: entry["description"] as? String ?? "")
        }
        var entities: [Entity] = []
        if let entitiesPath, FileManager.default.fileExists(atPath: entitiesPath),
            let groups = try yaml(at: entitiesPath) as? [String: Any]
        {
            for kind in groups.keys.sorted() {
                for entry in groups[kind] as? [[String: Any]] ?? [] {
                    guard let slug = entry["slug"] as? String else { continue }
                    entities.append(Entity(slug: slug, name: entry["name"] as? String ?? slug, kind: kind))
                }
            }
        }
        return SiteCatalog(topics: topics, entities: entities)
    }

    private static func yaml(at path: String) throws -> Any? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PaperDigestError(.render, "cannot read the file", at: path)
        }
        do {
            return try Yams.load(yaml: text)
        } catch {
            throw PaperDigestError(.render, "not valid YAML", at: path, underlying: error)
        }
    }
}
