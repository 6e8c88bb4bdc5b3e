import Foundation
import Testing
@testable import PaperDigest

@Suite struct RelatedItemsTests {
    func matrix(_ ids: [Int64], dimension: Int = 16) -> EmbeddingMatrix {
        var generator = SplitMix64(seed: 7)
        var all: [Int64: [Float]] = [:]
        for id in 1...100 {
            all[Int64(id)] = (0..<dimension).map { _ in Float(Int(generator.next() % 2001) - 1000) / 1000 }
        }
        return EmbeddingMatrix(modelID: "m", dimension: dimension, itemIDs: ids, values: ids.flatMap { all[$0]! })
    }

    func same(_ a: [Int64: [SitePlanner.Related]], _ b: [Int64: [SitePlanner.Related]]) -> Bool {
        a.keys.sorted() == b.keys.sorted() && a.allSatisfy { id, list in
            list.map(\.id) == b[id]!.map(\.id) && zip(list, b[id]!).allSatisfy { abs($0.similarity - $1.similarity) < 1e-4 }
        }
    }

    @Test func addingItemsGivesWhatComparingEveryPairGives() {
        let finder = RelatedItems(count: 5, threshold: 0.1)
        let all = matrix(Array(1...80))
        let scratch = finder.find(all, previous: nil)
        #expect(!scratch.neighbours.isEmpty)
        let before = finder.find(matrix(Array(1...60)), previous: nil)
        let incremental = finder.find(all, previous: before.state)
        #expect(same(incremental.neighbours, scratch.neighbours))
        #expect(incremental.state == scratch.state)
    }

    @Test func removedOrChangedVectorsAreForgotten() {
        let finder = RelatedItems(count: 4, threshold: 0.1)
        let before = finder.find(matrix(Array(1...80)), previous: nil)
        let fewer = matrix(Array(1...80).filter { $0 % 7 != 0 })
        #expect(same(finder.find(fewer, previous: before.state).neighbours, finder.find(fewer, previous: nil).neighbours))
        var changed = matrix(Array(1...80))
        for k in 0..<16 { changed.values[5 * 16 + k] = -changed.values[5 * 16 + k] }
        #expect(same(finder.find(changed, previous: before.state).neighbours, finder.find(changed, previous: nil).neighbours))
        // Another model's state is not used.
        var other = matrix(Array(1...80))
        other.modelID = "another"
        #expect(same(finder.find(other, previous: before.state).neighbours, before.neighbours))
    }
}
