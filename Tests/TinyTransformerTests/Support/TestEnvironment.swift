import Foundation
import TinyTransformer

/// Where the model, the Python reference and the shared corpus are, and how to run the
/// reference. Missing pieces are reported as failures naming the set-up script, never skipped.
enum TestEnvironment {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root (this file is `Tests/TinyTransformerTests/Support/…`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `Models/all-MiniLM-L6-v2`, or `$PAPERDIGEST_MODEL_DIR`.
    static let modelDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["PAPERDIGEST_MODEL_DIR"] {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.appendingPathComponent("Models/all-MiniLM-L6-v2")
    }()

    /// `shared/` beside the repository.
    static let sharedDirectory = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static let referenceScript = repositoryRoot
        .appendingPathComponent("Tests/TinyTransformerTests/Reference/reference.py")

    /// The model folder, or an error saying how to install it.
    static func requireModel() throws -> URL {
        for file in ["config.json", "vocab.txt", "model.safetensors"] {
            let path = modelDirectory.appendingPathComponent(file).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw SetupError(
                    description: "The encoder model is not installed (\(path) is missing). "
                        + "Run Scripts/install-model.sh first.")
            }
        }
        return modelDirectory
    }

    /// The reference venv's Python, or an error saying how to set it up.
    static func requirePython() throws -> URL {
        let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw SetupError(
                description: "The Python reference environment is missing (\(python.path)). "
                    + "Run Scripts/setup-test-python.sh first.")
        }
        return python
    }

    /// One shared encoder for the tests that need the real model.
    static func encoder() throws -> SentenceEncoder {
        try encoderResult.get()
    }

    private static let encoderResult: Result<SentenceEncoder, any Error> = Result {
        try SentenceEncoder(directory: try requireModel(), threads: 2)
    }

    /// Runs `reference.py MODE MODEL_DIR` on texts; one JSON value per text.
    static func runReference<T: Decodable>(_ mode: String, texts: [String], as type: T.Type) throws -> [T] {
        let model = try requireModel()
        let python = try requirePython()
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("tinytransformer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("texts.jsonl")
        let output = scratch.appendingPathComponent("out.jsonl")
        let errors = scratch.appendingPathComponent("err.txt")
        let encoder = JSONEncoder()
        var payload = Data()
        for text in texts {
            payload.append(try encoder.encode(text))
            payload.append(0x0A)
        }
        try payload.write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = python
        process.arguments = [referenceScript.path, mode, model.path]
        // One BLAS thread: the reference runs beside the Swift side of the parallel tests.
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment["OMP_NUM_THREADS"] = "1"
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw SetupError(
                description: "reference.py \(mode) failed with status \(process.terminationStatus): \(message)"
                    + " (is the venv complete? Run Scripts/setup-test-python.sh)")
        }
        let decoder = JSONDecoder()
        let lines = try Data(contentsOf: output).split(separator: 0x0A)
        guard lines.count == texts.count else {
            throw SetupError(description: "reference.py \(mode) gave \(lines.count) lines for \(texts.count) texts")
        }
        return try lines.map { try decoder.decode(T.self, from: Data($0)) }
    }
}
