import Foundation

/// The `paperdigest.yml` of a test run of the built executable: the folder's own database,
/// `sources.opml` and site, the repository's taxonomy, templates, model and heads.
enum RunSettings {
    /// Writes `paperdigest.yml` into `folder` and returns its path; `extra` lines (YAML) follow.
    @discardableResult
    static func write(in folder: URL, baseURL: String, extra: String = "") throws -> URL {
        let root = SharedFiles.packageRoot.path
        let config = folder.appendingPathComponent("paperdigest.yml")
        try """
            # Written by a test: this folder's database and site, the repository's model and templates.
            database: paperdigest.sqlite
            sources: sources.opml
            output: site
            topics: \(root)/Feeds/topics.yml
            entities: \(root)/Feeds/entities.yml
            templates: \(root)/Templates
            model: \(root)/Models/all-MiniLM-L6-v2
            heads: \(root)/Data/heads.json
            labels: \(root)/Data/labels.jsonl
            base_url: \(baseURL)
            \(extra)
            """.write(to: config, atomically: true, encoding: .utf8)
        return config
    }
}
