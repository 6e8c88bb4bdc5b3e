/// A dense row-major matrix of `Double`, the training set of the heads.
struct Matrix: Sendable, Hashable {
    private(set) var rows: Int
    let columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "\(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    init(_ rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        self.init(rows: rows.count, columns: columns, values: rows.flatMap { $0 })
    }

    func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    /// Adds a row of `columns` values at the bottom.
    mutating func append(row: [Double]) {
        precondition(row.count == columns, "\(row.count) values for a row of \(columns)")
        values.append(contentsOf: row)
        rows += 1
    }

    /// The rows at `indices`, in that order.
    func rows(_ indices: [Int]) -> Matrix {
        var out: [Double] = []
        out.reserveCapacity(indices.count * columns)
        for index in indices { out.append(contentsOf: row(index)) }
        return Matrix(rows: indices.count, columns: columns, values: out)
    }

    /// `self · w` for a weight vector `w` of `columns` values, plus `bias`.
    func times(_ w: [Double], bias: Double = 0) -> [Double] {
        precondition(w.count == columns)
        var out = [Double](repeating: bias, count: rows)
        values.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                for i in 0..<rows {
                    var sum = 0.0
                    let base = i * columns
                    for j in 0..<columns { sum += x[base + j] * w[j] }
                    out[i] += sum
                }
            }
        }
        return out
    }

    /// `selfᵀ · v` for a vector `v` of `rows` values.
    func transposeTimes(_ v: [Double]) -> [Double] {
        precondition(v.count == rows)
        var out = [Double](repeating: 0, count: columns)
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { out in
                for i in 0..<rows where v[i] != 0 {
                    let base = i * columns
                    let scale = v[i]
                    for j in 0..<columns { out[j] += x[base + j] * scale }
                }
            }
        }
        return out
    }

    /// `selfᵀ · self`, `columns × columns`.
    func gram() -> Matrix {
        var out = [Double](repeating: 0, count: columns * columns)
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { g in
                for i in 0..<rows {
                    let base = i * columns
                    for a in 0..<columns {
                        let xa = x[base + a]
                        if xa == 0 { continue }
                        let ga = a * columns
                        for b in a..<columns { g[ga + b] += xa * x[base + b] }
                    }
                }
                for a in 0..<columns { for b in 0..<a { g[a * columns + b] = g[b * columns + a] } }
            }
        }
        return Matrix(rows: columns, columns: columns, values: out)
    }

    /// Solves `self · x = b` for a symmetric positive definite `self` (Cholesky).
    func choleskySolve(_ b: [Double]) -> [Double]? {
        precondition(rows == columns && b.count == rows)
        let n = rows
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = values[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
