import Foundation
import Testing

@testable import TinyTransformer

@Suite struct KernelsTests {
    @Test func erfIsWithinAFewULPOfTheExactFunction() {
        var worst: Double = 0
        var x: Float = -6
        while x <= 6 {
            let lanes = Kernels.erf(Kernels.Vector(repeating: x))
            worst = max(worst, abs(Double(lanes[0]) - Foundation.erf(Double(x))))
            x += 0.000_37
        }
        print("vectorised erf: max |error| \(worst) on [-6, 6]")
        #expect(worst < 1e-6)
    }

    @Test func expHasSinglePrecisionAccuracyOverTheSoftmaxRange() {
        var worst: Double = 0
        var x: Float = -80
        while x <= 10 {
            let lane = Double(Kernels.exp(Kernels.Vector(repeating: x))[0])
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(lane - exact) / exact)
            x += 0.001_3
        }
        print("vectorised exp: max relative error \(worst) on [-80, 10]")
        #expect(worst < 5e-7)
        #expect(Kernels.exp(Kernels.Vector(repeating: -200))[0] == 0)
    }

    @Test(arguments: [true, false])
    func exponentiatedRowsAreASoftmaxOnceScaledAtAnyWidth(vectorised: Bool) {
        for width in [1, 2, 7, 15, 16, 17, 33, 255, 256] {
            let input = (0..<(3 * width)).map { Float(($0 * 37) % 23) - 11 }
            var rows = input
            var inverseSums = [Float](repeating: 0, count: 3)
            rows.withUnsafeMutableBufferPointer { rows in
                inverseSums.withUnsafeMutableBufferPointer {
                    Kernels.exponentiateRows(
                        rows.baseAddress!, count: 3, columns: width, inverseSums: $0.baseAddress!, vectorised: vectorised)
                }
            }
            for r in 0..<3 {
                let x = input[r * width..<(r + 1) * width].map(Double.init)
                let exact = x.map { Foundation.exp($0 - x.max()!) }
                let total = exact.reduce(0, +)
                for (value, e) in zip(rows[r * width..<(r + 1) * width], exact) {
                    #expect(abs(Double(value * inverseSums[r]) - e / total) < 1e-6, "width \(width)")
                }
            }
        }
    }

    @Test(arguments: [true, false])
    func scaleRowsScalesOnlyTheGivenColumnsOfEachStridedRow(vectorised: Bool) {
        var rows = [Float](repeating: 1, count: 2 * 48)
        let factors: [Float] = [2, 0.5]
        rows.withUnsafeMutableBufferPointer {
            Kernels.scaleRows($0.baseAddress! + 16, count: 2, columns: 16, stride: 48, by: factors, vectorised: vectorised)
        }
        #expect(rows[0..<16].allSatisfy { $0 == 1 })
        #expect(rows[16..<32].allSatisfy { $0 == 2 })
        #expect(rows[32..<64].allSatisfy { $0 == 1 })
        #expect(rows[64..<80].allSatisfy { $0 == 0.5 })
        #expect(rows[80..<96].allSatisfy { $0 == 1 })
    }

    @Test(arguments: [true, false])
    func geluMatchesTheErfDefinition(vectorised: Bool) {
        var values = (0..<64).map { Float($0) / 4 - 7.5 }
        let expected = values.map { v -> Double in
            let x = Double(v)
            return 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
        }
        values.withUnsafeMutableBufferPointer {
            Kernels.gelu($0.baseAddress!, count: 2, columns: 32, vectorised: vectorised)
        }
        for (value, exact) in zip(values, expected) {
            #expect(abs(Double(value) - exact) < 2e-6)
        }
    }

    @Test(arguments: [true, false])
    func layerNormGivesZeroMeanUnitVarianceBeforeTheAffineMap(vectorised: Bool) {
        let columns = 384
        var out = (0..<(2 * columns)).map { (k: Int) -> Float in
            let wave = Float((k * 7919) % 101) / 10 - 5
            return wave + Float(k % 13) / 3
        }
        let bias = (0..<columns).map { (k: Int) -> Float in Float(k % 5) / 4 }
        let gamma = [Float](repeating: 2, count: columns)
        let beta = [Float](repeating: 1, count: columns)
        out.withUnsafeMutableBufferPointer { out in
            Kernels.addBiasLayerNorm(
                out.baseAddress!, count: 2, columns: columns, bias: bias, gamma: gamma, beta: beta, epsilon: 1e-12,
                vectorised: vectorised)
        }
        for r in 0..<2 {
            let row = out[r * columns..<(r + 1) * columns].map { Double(($0 - 1) / 2) }
            let mean = row.reduce(0, +) / Double(columns)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(columns)
            #expect(abs(mean) < 1e-5)
            #expect(abs(variance - 1) < 1e-4)
        }
    }
}
