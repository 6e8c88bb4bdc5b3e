import Foundation

/// "Related papers": for each item with an embedding, the items whose vectors are closest
/// by cosine similarity.
enum RelatedItems {
    /// - Parameters:
    ///   - matrix: the vectors, one row per item.
    ///   - count: how many neighbours to keep per item.
    ///   - threshold: the least similarity worth showing.
    /// - Returns: item id → neighbours, most similar first.
    static func find(_ matrix: EmbeddingMatrix, count: Int = 5, threshold: Float = 0.3) -> [Int64: [SitePlanner.Related]] {
        let n = matrix.itemIDs.count, d = matrix.dimension
        guard n > 1, d > 0 else { return [:] }
        // Unit vectors, so a dot product is the cosine.
        var unit = matrix.values
        for row in 0..<n {
            var norm: Float = 0
            for k in 0..<d { norm += unit[row * d + k] * unit[row * d + k] }
            let scale = norm > 0 ? 1 / norm.squareRoot() : 0
            for k in 0..<d { unit[row * d + k] *= scale }
        }
        let results = ResultBox(count: n)
        let chunks = max(1, min(n, ProcessInfo.processInfo.activeProcessorCount * 8))
        unit.withUnsafeBufferPointer { vectors in
            let base = vectors.baseAddress!
            nonisolated(unsafe) let pointer = base
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = chunk * n / chunks, upper = (chunk + 1) * n / chunks
                for row in lower..<upper {
                    var best: [(Float, Int)] = []
                    let a = pointer + row * d
                    for other in 0..<n where other != row {
                        let s = dot(a, pointer + other * d, d)
                        guard s >= threshold else { continue }
                        if best.count < count {
                            best.append((s, other))
                            best.sort { $0.0 > $1.0 }
                        } else if s > best[count - 1].0 {
                            best[count - 1] = (s, other)
                            best.sort { $0.0 > $1.0 }
                        }
                    }
                    results.set(row, best.map { SitePlanner.Related(id: matrix.itemIDs[$0.1], similarity: $0.0) })
                }
            }
        }
        var map: [Int64: [SitePlanner.Related]] = [:]
        for (row, id) in matrix.itemIDs.enumerated() where !results.values[row].isEmpty { map[id] = results.values[row] }
        return map
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        var sum = SIMD8<Float>()
        var k = 0
        while k + 8 <= d {
            let va = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
            let vb = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            sum += va * vb
            k += 8
        }
        var total = sum.sum()
        while k < d { total += a[k] * b[k]; k += 1 }
        return total
    }

    private final class ResultBox: @unchecked Sendable {
        var values: [[SitePlanner.Related]]
        let lock = NSLock()
        init(count: Int) { values = Array(repeating: [], count: count) }
        func set(_ row: Int, _ value: [SitePlanner.Related]) {
            lock.lock(); values[row] = value; lock.unlock()
        }
    }
}
