import Foundation
import Testing
@testable import PaperDigest

@Suite struct EmbeddingCacheTests {
    @Test func keepsVectorsBetweenRunsAndReplacesADamagedFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var cache = EmbeddingCache(modelID: "model@1", folder: folder)
        cache.insert([1, 2, 3], for: "first")
        cache.save()
        cache.insert([4, 5, 6], for: "second")
        cache.insert([7, 8], for: "wrong length")
        cache.save()

        let reloaded = EmbeddingCache(modelID: "model@1", folder: folder)
        #expect(reloaded.dimension == 3)
        #expect(reloaded["first"] == [1, 2, 3])
        #expect(reloaded["second"] == [4, 5, 6])
        #expect(reloaded["wrong length"] == nil)
        #expect(EmbeddingCache(modelID: "model@2", folder: folder)["first"] == nil)

        try Data([1, 2, 3, 4, 5]).write(to: URL(fileURLWithPath: reloaded.path))
        var damaged = EmbeddingCache(modelID: "model@1", folder: folder)
        #expect(damaged["first"] == nil)
        damaged.insert([9, 9], for: "fresh")
        damaged.save()
        #expect(EmbeddingCache(modelID: "model@1", folder: folder)["fresh"] == [9, 9])
    }
}
