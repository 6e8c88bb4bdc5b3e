import Foundation
import Testing
import TinyTransformer

@Suite struct SafeTensorsTests {
    /// Writes a safetensors file: header JSON, then the data.
    static func write(header: String, data: [Float], to url: URL) throws {
        var headerBytes = Array(header.utf8)
        while (8 + headerBytes.count) % 8 != 0 { headerBytes.append(0x20) }
        var file = Data()
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: headerBytes)
        data.withUnsafeBytes { file.append(contentsOf: $0) }
        try file.write(to: url)
    }

    static func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString).safetensors")
    }

    @Test func readsF32TensorsInPlaceByName() throws {
        let url = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.write(
            header: #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[1],"data_offsets":[24,28]}}"#,
            data: [1, 2, 3, 4, 5, 6, 7], to: url)
        let file = try SafeTensors(contentsOf: url)
        #expect(Array(try file.floats("a", shape: [2, 3])) == [1, 2, 3, 4, 5, 6])
        #expect(Array(try file.floats("b")) == [7])
        #expect(file.metadata["format"] == "pt")
        #expect(file.tensors["a"]?.shape == [2, 3])
    }

    @Test func rejectsAnotherShapeOrAMissingTensor() throws {
        let url = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.write(
            header: #"{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#, data: [1, 2, 3, 4, 5, 6], to: url)
        let file = try SafeTensors(contentsOf: url)
        #expect(throws: TinyTransformerError.self) { try file.floats("a", shape: [3, 2]) }
        #expect(throws: TinyTransformerError.self) { try file.floats("missing") }
    }

    @Test func namesTheSetupCommandForAMissingFile() {
        do {
            _ = try SafeTensors(contentsOf: URL(fileURLWithPath: "/nonexistent/model.safetensors"))
            Issue.record("expected an error")
        } catch let error as TinyTransformerError {
            #expect(error.reason == .missingFile)
            #expect(error.description.contains("Scripts/install-model.sh"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func rejectsCorruptFiles() throws {
        let url = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        for bytes: [UInt8] in [
            [1, 2, 3],  // too short
            [0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D],  // header longer than the file
            [2, 0, 0, 0, 0, 0, 0, 0, 0x5B, 0x5D],  // not an object
        ] {
            try Data(bytes).write(to: url)
            do {
                _ = try SafeTensors(contentsOf: url)
                Issue.record("expected an error for \(bytes)")
            } catch let error as TinyTransformerError {
                #expect(error.description.contains("Scripts/install-model.sh"))
            }
        }
        // Offsets past the end of the data.
        try Self.write(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: [1], to: url)
        #expect(throws: TinyTransformerError.self) { try SafeTensors(contentsOf: url) }
        // Byte count disagreeing with the shape.
        try Self.write(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [1], to: url)
        #expect(throws: TinyTransformerError.self) { try SafeTensors(contentsOf: url) }
    }

    @Test func readsTheInstalledModelsWeights() throws {
        let model = try TestEnvironment.requireModel()
        let file = try SafeTensors(contentsOf: model.appendingPathComponent("model.safetensors"))
        #expect(file.tensors.count == 104)
        #expect(file.tensors["embeddings.position_ids"]?.dtype == "I64")
        let words = try file.floats("embeddings.word_embeddings.weight", shape: [30_522, 384])
        #expect(words.count == 30_522 * 384)
        #expect(words.allSatisfy { $0.isFinite })
    }
}
