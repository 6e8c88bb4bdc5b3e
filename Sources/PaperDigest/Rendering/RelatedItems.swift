import Foundation

/// "Related papers": for each item with an embedding, the items whose vectors are closest
/// by cosine similarity.
///
/// Comparing every pair costs N² dot products, so the result is kept in the render state
/// folder beside the site (`related`) and the next render compares only the
/// vectors that are new or changed against all the others: a nightly run with 1,500 new
/// papers in a database of 100,000 does 1,500 × 100,000 products, not 100,000².
struct RelatedItems {
    typealias Neighbour = SitePlanner.Related

    static let fileName = "related"
    var count = 5
    var threshold: Float = 0.3

    /// - Parameters:
    ///   - matrix: the vectors, one row per item.
    ///   - previous: what the last render found (`encode`d), or `nil`.
    /// - Returns: item id → neighbours (most similar first), and the state to keep for next time.
    func find(_ matrix: EmbeddingMatrix, previous: Data?) -> (neighbours: [Int64: [Neighbour]], state: Data) {
        let n = matrix.itemIDs.count, d = matrix.dimension
        guard n > 0, d > 0 else { return ([:], Data()) }
        var unit = matrix.values
        var hashes = [UInt64](repeating: 0, count: n)
        unit.withUnsafeMutableBufferPointer { v in
            for row in 0..<n {
                var fingerprint = Fingerprint()
                fingerprint.combine(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: v[(row * d)..<((row + 1) * d)])))
                hashes[row] = fingerprint.value
                var norm: Float = 0
                for k in 0..<d { norm += v[row * d + k] * v[row * d + k] }
                let scale = norm > 0 ? 1 / norm.squareRoot() : 0
                for k in 0..<d { v[row * d + k] *= scale }
            }
        }
        // What the last render knew, for rows whose vector is unchanged.
        var rowOf: [Int64: Int] = [:]
        for (row, id) in matrix.itemIDs.enumerated() { rowOf[id] = row }
        var lists = [[(Float, Int)]](repeating: [], count: n)
        var fresh = [Bool](repeating: true, count: n)
        if let previous, let old = decode(previous, modelID: matrix.modelID, dimension: d) {
            var gone = Set<Int64>()
            for (id, hash) in old.hashes where rowOf[id].map({ hashes[$0] != hash }) ?? true { gone.insert(id) }
            for (id, neighbours) in old.lists {
                guard let row = rowOf[id], !gone.contains(id), let hash = old.hashes[id], hash == hashes[row] else { continue }
                // A list that lost a neighbour (removed or changed) is computed again.
                guard !neighbours.contains(where: { gone.contains($0.id) || rowOf[$0.id] == nil }) else { continue }
                lists[row] = neighbours.map { ($0.similarity, rowOf[$0.id]!) }
                fresh[row] = false
            }
        }
        let freshRows = (0..<n).filter { fresh[$0] }
        if !freshRows.isEmpty {
            compare(freshRows, unit: unit, n: n, d: d, lists: &lists, fresh: fresh)
        }
        var map: [Int64: [Neighbour]] = [:]
        for row in 0..<n where !lists[row].isEmpty {
            map[matrix.itemIDs[row]] = lists[row].map { Neighbour(id: matrix.itemIDs[$0.1], similarity: $0.0) }
        }
        return (map, encode(map, ids: matrix.itemIDs, hashes: hashes, modelID: matrix.modelID, dimension: d))
    }

    /// Fills the lists of `rows` by comparing them with every row, and offers each of them
    /// to the other rows' lists.
    private func compare(_ rows: [Int], unit: [Float], n: Int, d: Int, lists: inout [[(Float, Int)]], fresh: [Bool]) {
        let k = count, threshold = self.threshold
        // The least similarity that gets into each known row's list, read while comparing.
        let bars: [Float] = lists.map { $0.count < k ? threshold : max(threshold, $0[k - 1].0) }
        let box = Box(rows: rows.count)
        let chunks = max(1, min(rows.count, ProcessInfo.processInfo.activeProcessorCount * 8))
        unit.withUnsafeBufferPointer { vectors in
            nonisolated(unsafe) let pointer = vectors.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = chunk * rows.count / chunks, upper = (chunk + 1) * rows.count / chunks
                for index in lower..<upper {
                    let row = rows[index]
                    var best: [(Float, Int)] = []
                    var offers: [(Int, Float)] = []
                    let a = pointer + row * d
                    for other in 0..<n where other != row {
                        let s = Self.dot(a, pointer + other * d, d)
                        if !fresh[other], s > bars[other] { offers.append((other, s)) }
                        guard s >= threshold else { continue }
                        if best.count < k {
                            best.append((s, other))
                            best.sort { $0.0 > $1.0 }
                        } else if s > best[k - 1].0 {
                            best[k - 1] = (s, other)
                            best.sort { $0.0 > $1.0 }
                        }
                    }
                    box.set(index, best, offers)
                }
            }
        }
        for (index, row) in rows.enumerated() {
            lists[row] = box.best[index]
            for (other, s) in box.offers[index] {
                // A recomputed row may already be in the list it is offered to.
                var list = lists[other].filter { $0.1 != row }
                list.append((s, row))
                list.sort { $0.0 > $1.0 }
                lists[other] = Array(list.prefix(k))
            }
        }
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

    private final class Box: @unchecked Sendable {
        var best: [[(Float, Int)]]
        var offers: [[(Int, Float)]]
        let lock = NSLock()
        init(rows: Int) {
            best = Array(repeating: [], count: rows)
            offers = Array(repeating: [], count: rows)
        }
        func set(_ index: Int, _ list: [(Float, Int)], _ offered: [(Int, Float)]) {
            lock.lock()
            best[index] = list
            offers[index] = offered
            lock.unlock()
        }
    }

    // MARK: - The state kept beside the site

    /// Text, one line per item: `id hash neighbour:similarity …`, after a header naming the
    /// model, the dimension and the settings the lists were made with.
    private func header(modelID: String, dimension: Int) -> String {
        "paperdigest-related 1 \(modelID) \(dimension) \(count) \(threshold)"
    }

    private func encode(_ map: [Int64: [Neighbour]], ids: [Int64], hashes: [UInt64], modelID: String, dimension: Int) -> Data {
        var text = header(modelID: modelID, dimension: dimension) + "\n"
        for (row, id) in ids.enumerated() {
            text += "\(id) \(hashes[row])"
            for neighbour in map[id] ?? [] { text += " \(neighbour.id):\(neighbour.similarity)" }
            text += "\n"
        }
        return Data(text.utf8)
    }

    private func decode(_ data: Data, modelID: String, dimension: Int) -> (hashes: [Int64: UInt64], lists: [Int64: [Neighbour]])? {
        let lines = data.split(separator: UInt8(ascii: "\n"))
        guard let first = lines.first, String(decoding: first, as: UTF8.self) == header(modelID: modelID, dimension: dimension)
        else { return nil }
        var hashes: [Int64: UInt64] = [:]
        var lists: [Int64: [Neighbour]] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count >= 2, let id = Int64(String(decoding: fields[0], as: UTF8.self)),
                let hash = UInt64(String(decoding: fields[1], as: UTF8.self))
            else { return nil }
            hashes[id] = hash
            lists[id] = fields.dropFirst(2).compactMap { field in
                let parts = field.split(separator: UInt8(ascii: ":"))
                guard parts.count == 2, let other = Int64(String(decoding: parts[0], as: UTF8.self)),
                    let s = Float(String(decoding: parts[1], as: UTF8.self))
                else { return nil }
                return Neighbour(id: other, similarity: s)
            }
        }
        return (hashes, lists)
    }
}
