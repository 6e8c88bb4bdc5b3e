import Foundation
import Testing
import TinyTransformer

@Suite struct EncoderBenchmarkTests {
    @Test func reportsRatesPeakShareAndMemoryAsTextAndJSON() throws {
        let model = try TestEnvironment.requireModel()
        let texts = ["Sparse autoencoders find features.", "Induction heads copy tokens.", "Steering vectors."]
        let report = try EncoderBenchmark(directory: model, texts: texts, threadCounts: [1], rounds: 1).run()
        #expect(report.texts == 3)
        #expect(report.measurements.count == 1)
        let measurement = try #require(report.measurements.first)
        #expect(measurement.textsPerSecond > 0)
        #expect(measurement.sgemmPeakGFLOPs > 0)
        #expect(measurement.shareOfPeak > 0)
        #expect(report.maxResidentBytes > 90_000_000)
        #expect(report.description.contains("share of peak"))
        let json = try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any]
        #expect((json?["results"] as? [Any])?.count == 1)
    }
}
