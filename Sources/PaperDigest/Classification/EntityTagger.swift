/// Tags the labs and model families of `Feeds/entities.yml` that a text names.
public struct EntityTagger: Sendable {
    public let entities: [Entity]
    private let matcher: PhraseMatcher
    private let owners: [Int]

    public init(entities: [Entity]) {
        self.entities = entities
        var patterns: [PhraseMatcher.Pattern] = []
        var owners: [Int] = []
        for (index, entity) in entities.enumerated() {
            for alias in entity.aliases {
                patterns.append(PhraseMatcher.Pattern(alias, caseSensitive: entity.caseSensitive))
                owners.append(index)
            }
        }
        self.matcher = PhraseMatcher(patterns)
        self.owners = owners
    }

    /// Slugs of the entities named in `text`, in the order of the entities file.
    public func tags(in text: TokenizedText) -> [String] {
        var found = Set<Int>()
        for match in matcher.matches(in: text) { found.insert(owners[match.pattern]) }
        return found.sorted().map { entities[$0].slug }
    }
}
