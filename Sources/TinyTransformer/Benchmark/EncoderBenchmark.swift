import COpenBLAS
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Measures the encoder on a set of texts: texts per second at each thread count
/// (tokenisation included), the share of OpenBLAS's sgemm peak that reaches, and peak memory.
///
/// The peak is measured in the same run: the model's four linear products on as many rows
/// as one batch packs (`batchTokens`, the shape the encoder runs them at; at one text's
/// length OpenBLAS is slower, and the encoder beat that "peak"), run back to back on one thread, and on two threads as this encoder uses
/// them (two workers with one BLAS thread each) or as OpenBLAS does (one call, two BLAS
/// threads), whichever is faster.
public struct EncoderBenchmark: Sendable {
    /// One measured configuration.
    public struct Measurement: Sendable {
        /// Worker threads.
        public var threads: Int
        /// Texts embedded per second, tokenisation included (best of the rounds).
        public var textsPerSecond: Double
        /// Matrix GFLOP per second that rate implies.
        public var matrixGFLOPs: Double
        /// sgemm peak at this thread count, GFLOP/s.
        public var sgemmPeakGFLOPs: Double
        /// `matrixGFLOPs / sgemmPeakGFLOPs`.
        public var shareOfPeak: Double { matrixGFLOPs / sgemmPeakGFLOPs }
    }

    /// What a run found.
    public struct Report: Sendable, CustomStringConvertible {
        /// The model that was measured.
        public var modelID: String
        /// Texts per round.
        public var texts: Int
        /// Mean tokens per text, `[CLS]` and `[SEP]` included.
        public var meanTokens: Double
        /// One entry per thread count, in the order asked.
        public var measurements: [Measurement]
        /// Peak resident memory of the process (getrusage) after embedding, before the sgemm
        /// peak is measured, bytes.
        public var maxResidentBytes: Int

        public var description: String {
            var lines = [
                "encoder \(modelID): \(texts) texts, mean \(String(format: "%.1f", meanTokens)) tokens",
                "threads  texts/s  matrix GFLOP/s  sgemm peak  share of peak",
            ]
            for m in measurements {
                lines.append(
                    String(
                        format: "%7d  %7.2f  %14.1f  %10.1f  %12.0f%%", m.threads, m.textsPerSecond, m.matrixGFLOPs,
                        m.sgemmPeakGFLOPs, m.shareOfPeak * 100))
            }
            lines.append("peak memory (maxrss): \(maxResidentBytes / 1_048_576) MiB")
            return lines.joined(separator: "\n")
        }

        /// The report as one JSON object, for scripts.
        public var json: String {
            let entries = measurements.map {
                String(
                    format: #"{"threads":%d,"texts_per_second":%.4f,"matrix_gflops":%.3f,"sgemm_peak_gflops":%.3f,"share_of_peak":%.4f}"#,
                    $0.threads, $0.textsPerSecond, $0.matrixGFLOPs, $0.sgemmPeakGFLOPs, $0.shareOfPeak)
            }
            return #"{"model":"\#(modelID)","texts":\#(texts),"mean_tokens":\#(String(format: "%.2f", meanTokens)),"#
                + #""max_rss_bytes":\#(maxResidentBytes),"results":[\#(entries.joined(separator: ","))]}"#
        }
    }

    /// The model folder.
    public var directory: URL
    /// The texts embedded each round.
    public var texts: [String]
    /// Thread counts to measure, such as `[1, 2]`.
    public var threadCounts: [Int]
    /// Rounds per thread count; the best is kept.
    public var rounds: Int
    /// Tokens packed into one forward pass (``SentenceEncoder``'s `batchTokens`).
    public var batchTokens: Int

    /// Describes a benchmark.
    /// - Parameters:
    ///   - directory: the model folder.
    ///   - texts: the texts embedded each round.
    ///   - threadCounts: thread counts to measure.
    ///   - rounds: rounds per thread count; the fastest counts.
    ///   - batchTokens: tokens packed into one forward pass.
    public init(
        directory: URL, texts: [String], threadCounts: [Int] = [1, 2], rounds: Int = 3,
        batchTokens: Int = SentenceEncoder.defaultBatchTokens
    ) {
        self.directory = directory
        self.texts = texts
        self.threadCounts = threadCounts
        self.rounds = max(1, rounds)
        self.batchTokens = batchTokens
    }

    /// Runs the benchmark.
    /// - Parameter progress: called with a line after each measurement.
    /// - Throws: ``TinyTransformerError`` if the model cannot be loaded.
    public func run(progress: (String) -> Void = { _ in }) throws -> Report {
        var measurements: [Measurement] = []
        var modelID = ""
        var meanTokens = 0.0
        var configuration: BertConfiguration?
        var rates: [(threads: Int, seconds: Double, flops: Double)] = []
        for threads in threadCounts {
            let encoder = try SentenceEncoder(directory: directory, threads: threads, batchTokens: batchTokens)
            modelID = encoder.modelID
            configuration = encoder.configuration
            let lengths = texts.map { encoder.tokenizer.encode($0).count }
            meanTokens = Double(lengths.reduce(0, +)) / Double(max(1, lengths.count))
            let flops = lengths.reduce(0.0) { $0 + encoder.configuration.matrixFLOPs(tokens: $1) }
            _ = encoder.embed(Array(texts.prefix(8)))  // warm up
            var best = Double.infinity
            for _ in 0..<rounds {
                let start = Self.now()
                _ = encoder.embed(texts)
                best = min(best, Self.now() - start)
            }
            rates.append((threads, best, flops))
        }
        // The encoder's peak memory, before the sgemm peak's own buffers count.
        let maxResidentBytes = Self.maxResidentBytes()
        for rate in rates {
            guard let configuration else { break }
            let peak = Self.sgemmPeak(configuration: configuration, tokens: batchTokens, threads: rate.threads)
            let measurement = Measurement(
                threads: rate.threads, textsPerSecond: Double(texts.count) / rate.seconds,
                matrixGFLOPs: rate.flops / rate.seconds / 1e9, sgemmPeakGFLOPs: peak)
            measurements.append(measurement)
            progress(
                String(
                    format: "threads %d: %.2f texts/s, %.0f%% of sgemm peak %.1f GFLOP/s", rate.threads,
                    measurement.textsPerSecond, measurement.shareOfPeak * 100, peak))
        }
        openblas_set_num_threads(1)
        return Report(
            modelID: modelID, texts: texts.count, meanTokens: meanTokens, measurements: measurements,
            maxResidentBytes: maxResidentBytes)
    }

    /// GFLOP/s of the model's linear products (QKV, attention output, FFN in, FFN out) at
    /// `tokens` rows, on `threads` threads.
    public static func sgemmPeak(configuration: BertConfiguration, tokens: Int, threads: Int) -> Double {
        let h = configuration.hiddenSize
        let i = configuration.intermediateSize
        let shapes = [(3 * h, h), (h, h), (i, h), (h, i)]  // (outputs, inputs)
        let m = max(1, tokens)
        let flopsPerPass = shapes.reduce(0.0) { $0 + 2 * Double(m) * Double($1.0) * Double($1.1) }

        final class Buffers: @unchecked Sendable {
            let a: UnsafeMutableBufferPointer<Float>
            let b: UnsafeMutableBufferPointer<Float>
            let c: UnsafeMutableBufferPointer<Float>
            init(m: Int, h: Int, i: Int) {
                a = .allocate(capacity: m * i)
                b = .allocate(capacity: i * h)
                c = .allocate(capacity: m * i)
                a.initialize(repeating: 0.01)
                b.initialize(repeating: 0.02)
                c.initialize(repeating: 0)
            }
            deinit {
                a.deallocate()
                b.deallocate()
                c.deallocate()
            }
        }
        @Sendable func passes(_ buffers: Buffers, count: Int) {
            for _ in 0..<count {
                for (outputs, inputs) in shapes {
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(outputs), Int32(inputs), 1,
                        buffers.a.baseAddress, Int32(inputs), buffers.b.baseAddress, Int32(inputs), 0,
                        buffers.c.baseAddress, Int32(outputs))
                }
            }
        }
        // About 0.5 s of work per try at 100 GFLOP/s; the best of five tries counts (this
        // machine's speed wanders, and shorter, fewer tries caught slow spells).
        let count = max(2, Int(50e9 / flopsPerPass))
        let workers = (0..<max(1, threads)).map { _ in Buffers(m: m, h: h, i: i) }
        var best = 0.0

        // Workers with one BLAS thread each, as the encoder runs.
        openblas_set_num_threads(1)
        passes(workers[0], count: 2)
        for _ in 0..<5 {
            let start = now()
            if workers.count == 1 {
                passes(workers[0], count: count)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers.count) { passes(workers[$0], count: count) }
            }
            best = max(best, Double(workers.count * count) * flopsPerPass / (now() - start) / 1e9)
        }
        if threads > 1 {
            // One caller, `threads` BLAS threads.
            openblas_set_num_threads(Int32(threads))
            passes(workers[0], count: 2)
            for _ in 0..<5 {
                let start = now()
                passes(workers[0], count: count * threads)
                best = max(best, Double(count * threads) * flopsPerPass / (now() - start) / 1e9)
            }
            openblas_set_num_threads(1)
        }
        return best
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Peak resident memory of this process so far, in bytes.
    public static func maxResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            return Int(usage.ru_maxrss) * 1024
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss)
        #endif
    }
}
