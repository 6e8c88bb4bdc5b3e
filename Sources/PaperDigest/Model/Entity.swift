import Foundation

/// A lab, company or model family from `Feeds/entities.yml`, tagged when one of its aliases
/// appears in a text.
public struct Entity: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case lab, model
    }

    public var slug: String
    public var name: String
    public var kind: Kind
    public var aliases: [String]
    /// Match aliases exactly as written (short acronyms, names that are also common words).
    public var caseSensitive: Bool

    public init(slug: String, name: String, kind: Kind, aliases: [String], caseSensitive: Bool = false) {
        self.slug = slug
        self.name = name
        self.kind = kind
        self.aliases = aliases
        self.caseSensitive = caseSensitive
    }
}
