import Testing
@testable import PaperDigest

@Suite struct TaxonomyTests {
    @Test func readsTheProjectsTopicsAndEntities() throws {
        let taxonomy = try ClassificationFixtures.taxonomy()
        #expect(taxonomy.topics.first?.slug == Topic.fieldSlug)
        #expect(taxonomy.topics.count == 14)
        let field = try #require(taxonomy.topic(Topic.fieldSlug))
        #expect(field.strong.contains("mechanistic interpretability"))
        #expect(field.negative.contains("SHAP"))
        #expect(taxonomy.entities.contains { $0.slug == "metr" && $0.caseSensitive && $0.kind == .lab })
        #expect(taxonomy.entities.contains { $0.slug == "pythia" && $0.kind == .model })
    }

    @Test func errorsNameTheFileAndTheTopic() {
        let yaml = """
            topics:
            - slug: steering
              title: Steering
              strong: steering vector
            """
        #expect {
            _ = try Taxonomy.parseTopics(yaml, path: "Feeds/topics.yml")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("Feeds/topics.yml") && text.contains("steering") && text.contains("strong")
        }
        #expect(throws: PaperDigestError.self) { _ = try Taxonomy.parseTopics("topics: [", path: "t.yml") }
    }

    @Test func keepsNumbersAndBooleansAsWrittenPhrases() throws {
        let topics = try Taxonomy.parseTopics("topics:\n- slug: t\n  title: T\n  weak: [2, L0]\n", path: "t.yml")
        #expect(topics[0].weak == ["2", "L0"])
    }
}
