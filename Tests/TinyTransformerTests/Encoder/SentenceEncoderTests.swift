import Foundation
import Testing
import TinyTransformer

@Suite struct SentenceEncoderTests {
    @Test func namesTheSetupScriptWhenTheModelFolderIsMissing() {
        do {
            _ = try SentenceEncoder(directory: URL(fileURLWithPath: "/nonexistent/all-MiniLM-L6-v2"))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("Scripts/install-model.sh"))
        }
    }

    @Test func namesTheSetupScriptWhenTheWeightsAreTruncated() throws {
        let model = try TestEnvironment.requireModel()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in ["config.json", "vocab.txt"] {
            try FileManager.default.copyItem(
                at: model.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let weights = try Data(contentsOf: model.appendingPathComponent("model.safetensors"))
        try weights.prefix(1_000_000).write(to: folder.appendingPathComponent("model.safetensors"))
        do {
            _ = try SentenceEncoder(directory: folder)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("Scripts/install-model.sh"))
        }
    }

    @Test func describesItself() throws {
        let encoder = try TestEnvironment.encoder()
        #expect(encoder.dimension == 384)
        #expect(encoder.configuration.layerCount == 6)
        #expect(encoder.configuration.layerNormEpsilon == 1e-12)
        #expect(encoder.modelID.hasPrefix("all-MiniLM-L6-v2@"))
        #expect(encoder.modelID.count == "all-MiniLM-L6-v2@".count + 8)
        #expect(encoder.tokenizer.maxTokens == 256)
    }

    @Test func givesUnitVectorsInInputOrder() throws {
        let encoder = try TestEnvironment.encoder()
        let texts = ["", "Sparse autoencoders", String(repeating: "induction heads ", count: 200), "🤖"]
        let vectors = encoder.embed(texts)
        #expect(vectors.count == texts.count)
        for vector in vectors {
            #expect(vector.count == 384)
            #expect(vector.allSatisfy { $0.isFinite })
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
        #expect(encoder.embed([]) == [])
    }

    @Test func givesTheSameVectorAloneInABatchAndOnEitherThreadCount() throws {
        let encoder = try TestEnvironment.encoder()
        let single = try SentenceEncoder(directory: TestEnvironment.modelDirectory, threads: 1, batchTokens: 256)
        let texts = (0..<9).map { "Text number \($0) about " + String(repeating: "attention ", count: $0 * 7) }
        let batched = encoder.embed(texts)
        let oneThread = single.embed(texts)
        for (index, text) in texts.enumerated() {
            let alone = encoder.embed(text)
            #expect(zip(alone, batched[index]).allSatisfy { abs($0 - $1) < 1e-6 })
            #expect(zip(alone, oneThread[index]).allSatisfy { abs($0 - $1) < 1e-6 })
        }
    }

    @Test func placesRelatedTextsCloserThanUnrelatedOnes() throws {
        let encoder = try TestEnvironment.encoder()
        let v = encoder.embed([
            "Sparse autoencoders recover interpretable features from language model activations.",
            "Dictionary learning finds monosemantic features in transformer activations.",
            "A recipe for sourdough bread with a long cold fermentation.",
        ])
        func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(cosine(v[0], v[1]) > cosine(v[0], v[2]) + 0.2)
    }
}
