import Foundation

/// The element-wise work between the matrix products, on SIMD16 vectors. Written without
/// `fma` (the default x86-64 target has none and would call libm), without `rounded` (no
/// SSE4.1 either) and without `clamped` / `pointwiseMin` / `pointwiseMax`, which compile to
/// lane-by-lane generic code (≈ 40 ns an element, measured); `replacing(with:where:)` is a
/// blend. Each kernel makes one pass over its rows. `exp` and `erf` are `@_transparent`:
/// `@inline(__always)` left them out of line, and a call passes a SIMD16 through four SSE
/// registers or memory, which cost the softmax half its speed (measured).
///
/// Debug builds (`swift test` without `-c release`) run SIMD code some 500× slower than
/// release, which would make the parity tests take tens of minutes; there the kernels use a
/// plain scalar path with libm `erff` / `expf` instead (`vectorised: false`). Both paths
/// are tested against exact math in `KernelsTests` in either build.
enum Kernels {
    typealias Vector = SIMD16<Float>
    static let width = Vector.scalarCount

    /// Whether the kernels use SIMD by default: in release builds.
    #if DEBUG
        static let vectorisedByDefault = false
    #else
        static let vectorisedByDefault = true
    #endif

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }

    @inline(__always)
    static func clamp(_ x: Vector, _ low: Float, _ high: Float) -> Vector {
        let upper = x.replacing(with: high, where: x .> Vector(repeating: high))
        return upper.replacing(with: low, where: upper .< Vector(repeating: low))
    }

    // MARK: - Bias

    /// Copies `row` into each of `count` rows of `columns`: the bias a product then adds to
    /// (with β = 1, which also spares OpenBLAS zeroing the output first).
    static func fillRows(_ rows: UnsafeMutablePointer<Float>, count: Int, columns: Int, with row: UnsafePointer<Float>) {
        for r in 0..<count {
            (rows + r * columns).update(from: row, count: columns)
        }
    }

    // MARK: - GELU

    /// `x = gelu(x)` with the exact erf GELU, `0.5·x·(1 + erf(x/√2))`, for `count` rows of
    /// `columns` (a multiple of 16).
    static func gelu(
        _ rows: UnsafeMutablePointer<Float>, count: Int, columns: Int, vectorised: Bool = vectorisedByDefault
    ) {
        let total = count * columns
        if !vectorised {
            for k in 0..<total {
                rows[k] = 0.5 * rows[k] * (1 + erff(rows[k] * 0.707_106_781_186_547_524_4))
            }
            return
        }
        let half = Vector(repeating: 0.5)
        let one = Vector(repeating: 1)
        let invSqrt2 = Vector(repeating: 0.707_106_781_186_547_524_4)
        var k = 0
        while k < total {
            let x = load(rows + k)
            store(half * x * (one + erf(x * invSqrt2)), rows + k)
            k += width
        }
    }

    /// erf of each lane: a rational approximation `x·P(x²)/Q(x²)` on [-4, 4] (beyond which
    /// erf is ±1 in single precision), accurate to a few units in the last place.
    @_transparent
    static func erf(_ input: Vector) -> Vector {
        let x = clamp(input, -4, 4)
        let x2 = x * x
        var p = x2 * Vector(repeating: -2.726_142_258_013_06e-10) + Vector(repeating: 2.770_681_424_959_02e-08)
        p = x2 * p + Vector(repeating: -2.101_024_020_825_08e-06)
        p = x2 * p + Vector(repeating: -5.692_506_394_623_46e-05)
        p = x2 * p + Vector(repeating: -7.349_906_303_268_55e-04)
        p = x2 * p + Vector(repeating: -2.954_599_808_540_25e-03)
        p = x2 * p + Vector(repeating: -1.609_603_332_624_15e-02)
        p = x * p
        var q = x2 * Vector(repeating: -1.456_607_184_649_96e-05) + Vector(repeating: -2.133_740_552_789_05e-04)
        q = x2 * q + Vector(repeating: -1.682_826_974_382_03e-03)
        q = x2 * q + Vector(repeating: -7.373_329_167_204_68e-03)
        q = x2 * q + Vector(repeating: -1.426_473_905_141_89e-02)
        return p / q
    }

    // MARK: - Softmax

    /// The first half of a softmax, for attention: each of `count` rows of `columns` (any
    /// width) becomes `e^(x - max)` in place, and `inverseSums[r]` gets `1 / Σ`. The caller
    /// divides later, on the much narrower product of these weights with V
    /// (``scaleRows(_:count:columns:stride:by:)``), instead of on every weight.
    static func exponentiateRows(
        _ rows: UnsafeMutablePointer<Float>, count: Int, columns: Int, inverseSums: UnsafeMutablePointer<Float>,
        vectorised: Bool = vectorisedByDefault
    ) {
        if !vectorised || columns < width {
            for r in 0..<count {
                let row = rows + r * columns
                var maximum = -Float.greatestFiniteMagnitude
                for c in 0..<columns { maximum = Swift.max(maximum, row[c]) }
                var sum: Float = 0
                for c in 0..<columns {
                    row[c] = expf(row[c] - maximum)
                    sum += row[c]
                }
                inverseSums[r] = 1 / sum
            }
            return
        }
        // A row's last `columns % 16` values go through one vector ending at the row's end; it
        // overlaps the vector before, whose lanes it recomputes from the same inputs (read
        // before they are overwritten). One call of `exp` keeps it inlined.
        let last = columns - width
        let lane = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let fresh = lane .>= SIMD16<Int32>(repeating: Int32(width - columns % width))
        for r in 0..<count {
            let row = rows + r * columns
            let tailInput = load(row + last)
            var maxVector = tailInput
            var c = 0
            while c + width <= columns {
                let v = load(row + c)
                maxVector.replace(with: v, where: v .> maxVector)
                c += width
            }
            let shift = Vector(repeating: maxVector.max())
            var sumVector = Vector()
            c = 0
            while c < columns {
                let isTail = c + width > columns
                let e = exp((isTail ? tailInput : load(row + c)) - shift)
                sumVector += isTail ? e.replacing(with: 0, where: .!fresh) : e
                store(e, row + (isTail ? last : c))
                c += width
            }
            inverseSums[r] = 1 / sumVector.sum()
        }
    }

    /// `rows[r][0..<columns] *= factors[r]` for `count` rows `stride` apart (`columns` a
    /// multiple of 16).
    static func scaleRows(
        _ rows: UnsafeMutablePointer<Float>, count: Int, columns: Int, stride: Int, by factors: UnsafePointer<Float>,
        vectorised: Bool = vectorisedByDefault
    ) {
        for r in 0..<count {
            let row = rows + r * stride
            if !vectorised {
                for c in 0..<columns { row[c] *= factors[r] }
                continue
            }
            let factor = Vector(repeating: factors[r])
            var c = 0
            while c < columns {
                store(load(row + c) * factor, row + c)
                c += width
            }
        }
    }

    /// e^x of each lane (Cephes `expf`: 2^n · p(r), |r| ≤ ln2/2), about 1 ulp; lanes below
    /// -87.3 give 0.
    @_transparent
    static func exp(_ input: Vector) -> Vector {
        let x = clamp(input, -87.3, 88.3)
        // Round x·log2(e) to the nearest integer with the 1.5·2²³ trick (no SSE4.1 round).
        let magic = Vector(repeating: 12_582_912)
        let shifted = x * Vector(repeating: 1.442_695_040_888_963_4) + magic
        let n = shifted - magic
        var r = x - n * Vector(repeating: 0.693_359_375)
        r = r - n * Vector(repeating: -2.121_944_400_546_905_8e-4)
        let r2 = r * r
        var y = r * Vector(repeating: 1.987_569_150_0e-4) + Vector(repeating: 1.398_199_950_7e-3)
        y = y * r + Vector(repeating: 8.333_451_907_3e-3)
        y = y * r + Vector(repeating: 4.166_579_589_4e-2)
        y = y * r + Vector(repeating: 1.666_666_545_9e-1)
        y = y * r + Vector(repeating: 5.000_000_120_1e-1)
        y = y * r2 + r + Vector(repeating: 1)
        // 2^n from the integer in the low mantissa bits of `shifted`.
        let bits = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: SIMD16<Int32>.self)
        let scale = unsafeBitCast((bits &+ 127) &<< 23, to: Vector.self)
        let result = y * scale
        return result.replacing(with: 0, where: input .< Vector(repeating: -87.3))
    }

    // MARK: - LayerNorm

    /// `row = LayerNorm(row + bias)` for each of `count` rows of `columns`, in place (the
    /// rows already hold a product plus its residual).
    static func addBiasLayerNorm(
        _ rows: UnsafeMutablePointer<Float>, count: Int, columns: Int, bias: UnsafePointer<Float>,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float,
        vectorised: Bool = vectorisedByDefault
    ) {
        for r in 0..<count {
            let row = rows + r * columns
            if !vectorised {
                var sum: Float = 0
                for c in 0..<columns {
                    row[c] += bias[c]
                    sum += row[c]
                }
                normalizeRow(row, columns: columns, sum: sum, gamma: gamma, beta: beta, epsilon: epsilon, vectorised: false)
                continue
            }
            var sum = Vector()
            var c = 0
            while c < columns {
                let v = load(row + c) + load(bias + c)
                sum += v
                store(v, row + c)
                c += width
            }
            normalizeRow(row, columns: columns, sum: sum.sum(), gamma: gamma, beta: beta, epsilon: epsilon)
        }
    }

    /// `row = LayerNorm(row)` given the row's sum; two passes over a row in cache.
    @inline(__always)
    static func normalizeRow(
        _ row: UnsafeMutablePointer<Float>, columns: Int, sum: Float,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float,
        vectorised: Bool = vectorisedByDefault
    ) {
        if !vectorised {
            let mean = sum / Float(columns)
            var squares: Float = 0
            for c in 0..<columns { squares += (row[c] - mean) * (row[c] - mean) }
            let inverse = 1 / (squares / Float(columns) + epsilon).squareRoot()
            for c in 0..<columns { row[c] = (row[c] - mean) * inverse * gamma[c] + beta[c] }
            return
        }
        let mean = Vector(repeating: sum / Float(columns))
        var squares = Vector()
        var c = 0
        while c < columns {
            let d = load(row + c) - mean
            squares += d * d
            c += width
        }
        let variance = squares.sum() / Float(columns)
        let inverse = Vector(repeating: 1 / (variance + epsilon).squareRoot())
        c = 0
        while c < columns {
            store((load(row + c) - mean) * inverse * load(gamma + c) + load(beta + c), row + c)
            c += width
        }
    }
}
