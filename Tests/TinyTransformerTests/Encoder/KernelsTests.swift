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
    func softmaxRowsSumToOneAtAnyWidth(vectorised: Bool) {
        for width in [1, 2, 7, 16, 17, 33, 255, 256] {
            var rows = (0..<(3 * width)).map { Float(($0 * 37) % 23) - 11 }
            rows.withUnsafeMutableBufferPointer {
                Kernels.softmaxRows($0.baseAddress!, count: 3, columns: width, vectorised: vectorised)
            }
            for r in 0..<3 {
                let row = rows[r * width..<(r + 1) * width]
                #expect(abs(row.reduce(0, +) - 1) < 1e-5, "width \(width)")
                #expect(row.allSatisfy { $0 >= 0 })
            }
        }
    }

    @Test(arguments: [true, false])
    func geluMatchesTheErfDefinition(vectorised: Bool) {
        var values = (0..<64).map { Float($0) / 4 - 8 }
        let bias = [Float](repeating: 0.5, count: 64)
        let expected = values.map { v -> Double in
            let x = Double(v) + 0.5
            return 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
        }
        values.withUnsafeMutableBufferPointer { rows in
            bias.withUnsafeBufferPointer { Kernels.addBiasGELU(rows.baseAddress!, count: 1, columns: 64, bias: $0.baseAddress!, vectorised: vectorised) }
        }
        for (value, exact) in zip(values, expected) {
            #expect(abs(Double(value) - exact) < 2e-6)
        }
    }

    @Test(arguments: [true, false])
    func layerNormGivesZeroMeanUnitVarianceBeforeTheAffineMap(vectorised: Bool) {
        let columns = 384
        let a = (0..<(2 * columns)).map { Float(($0 * 7919) % 101) / 10 - 5 }
        let residual = (0..<(2 * columns)).map { Float($0 % 13) / 3 }
        let bias = [Float](repeating: 0.25, count: columns)
        let gamma = [Float](repeating: 2, count: columns)
        let beta = [Float](repeating: 1, count: columns)
        var out = [Float](repeating: 0, count: 2 * columns)
        out.withUnsafeMutableBufferPointer { out in
            Kernels.addBiasResidualLayerNorm(
                a, bias: bias, residual: residual, into: out.baseAddress!, count: 2, columns: columns,
                gamma: gamma, beta: beta, epsilon: 1e-12, vectorised: vectorised)
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
