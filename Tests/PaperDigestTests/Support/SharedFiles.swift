import Foundation

/// Where the project and `../shared` beside it live, found from this file's location.
enum SharedFiles {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let feeds = shared.appendingPathComponent("fixtures/feeds")
    static let corpus = shared.appendingPathComponent("corpus")

    /// The bytes of a captured feed under `../shared/fixtures/feeds/`.
    static func feed(_ relativePath: String) throws -> Data {
        try Data(contentsOf: feeds.appendingPathComponent(relativePath))
    }
}
