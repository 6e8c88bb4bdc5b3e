import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `.safetensors` file mapped into memory read-only: tensors are read in place, never
/// copied.
///
/// The format: an 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype, shape and byte range, then the data. The mapping lives as long as this object;
/// buffers handed out must not outlive it.
public final class SafeTensors: @unchecked Sendable {
    /// One tensor as the header describes it.
    public struct TensorInfo: Sendable, Equatable {
        /// The element type as written in the header, such as `F32` or `I64`.
        public var dtype: String
        /// The dimensions, outermost first.
        public var shape: [Int]
        /// The byte range inside the data section.
        public var byteRange: Range<Int>
    }

    /// The file this was read from.
    public let url: URL
    /// Every tensor in the file by name.
    public let tensors: [String: TensorInfo]
    /// The `__metadata__` strings of the header, if any.
    public let metadata: [String: String]

    private let base: UnsafeRawPointer
    private let length: Int
    private let dataOffset: Int

    /// Maps a `.safetensors` file and reads its header.
    /// - Parameter url: the file.
    /// - Throws: ``TinyTransformerError`` if the file is missing, unreadable or not a valid
    ///   safetensors file.
    public init(contentsOf url: URL) throws {
        self.url = url
        let path = url.path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason: TinyTransformerError.Reason = errno == ENOENT ? .missingFile : .unreadableFile
            throw TinyTransformerError(reason, path: path, underlying: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw TinyTransformerError(.unreadableFile, path: path)
        }
        let length = Int(info.st_size)
        guard length >= 8 else {
            throw TinyTransformerError(.corruptFile("\(length) bytes, too short for a header"), path: path)
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw TinyTransformerError(.unreadableFile, path: path, underlying: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
        }
        let base = UnsafeRawPointer(mapped)
        do {
            let headerLength = Int(UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)))
            guard headerLength > 1, headerLength <= length - 8 else {
                throw TinyTransformerError(
                    .corruptFile("header length \(headerLength) does not fit in \(length) bytes"), path: path)
            }
            let header = Data(bytes: base + 8, count: headerLength)
            let parsed = try Self.parseHeader(header, dataLength: length - 8 - headerLength, path: path)
            self.tensors = parsed.tensors
            self.metadata = parsed.metadata
            self.dataOffset = 8 + headerLength
        } catch {
            munmap(mapped, length)
            throw error
        }
        self.base = base
        self.length = length
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), length)
    }

    /// The elements of an `F32` tensor, read in place.
    /// - Parameters:
    ///   - name: the tensor's name.
    ///   - shape: the shape the caller expects, if it should be checked.
    /// - Throws: ``TinyTransformerError`` if the tensor is absent, not `F32`, or of another shape.
    public func floats(_ name: String, shape: [Int]? = nil) throws -> UnsafeBufferPointer<Float> {
        guard let tensor = tensors[name] else {
            throw TinyTransformerError(.missingTensor(name), path: url.path)
        }
        guard tensor.dtype == "F32" else {
            throw TinyTransformerError(.unexpectedTensor("'\(name)' is \(tensor.dtype), not F32"), path: url.path)
        }
        if let shape, shape != tensor.shape {
            throw TinyTransformerError(
                .unexpectedTensor("'\(name)' has shape \(tensor.shape), expected \(shape)"), path: url.path)
        }
        let start = base + dataOffset + tensor.byteRange.lowerBound
        let count = tensor.byteRange.count / MemoryLayout<Float>.size
        guard Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 else {
            throw TinyTransformerError(.corruptFile("tensor '\(name)' is not 4-byte aligned"), path: url.path)
        }
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: count)
    }

    private static let elementSizes = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1,
        "BOOL": 1, "U16": 2, "U32": 4, "U64": 8, "F8_E4M3": 1, "F8_E5M2": 1,
    ]

    private static func parseHeader(_ header: Data, dataLength: Int, path: String) throws
        -> (tensors: [String: TensorInfo], metadata: [String: String])
    {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw TinyTransformerError(.corruptFile("the header is not JSON (\(error.localizedDescription))"), path: path)
        }
        guard let object = json as? [String: Any] else {
            throw TinyTransformerError(.corruptFile("the header is not a JSON object"), path: path)
        }
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                for (key, item) in value as? [String: Any] ?? [:] {
                    if let text = item as? String { metadata[key] = text }
                }
                continue
            }
            guard let entry = value as? [String: Any],
                let dtype = entry["dtype"] as? String,
                let shape = (entry["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                let offsets = (entry["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                offsets.count == 2
            else {
                throw TinyTransformerError(.corruptFile("tensor '\(name)' has no dtype, shape or data_offsets"), path: path)
            }
            let begin = offsets[0]
            let end = offsets[1]
            guard begin >= 0, begin <= end, end <= dataLength else {
                throw TinyTransformerError(
                    .corruptFile("tensor '\(name)' spans bytes \(begin)..<\(end) of \(dataLength)"), path: path)
            }
            if let size = elementSizes[dtype], shape.allSatisfy({ $0 >= 0 }) {
                let expected = shape.reduce(1, *) * size
                guard expected == end - begin else {
                    throw TinyTransformerError(
                        .corruptFile("tensor '\(name)' has \(end - begin) bytes, shape \(shape) needs \(expected)"),
                        path: path)
                }
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, byteRange: begin..<end)
        }
        return (tensors, metadata)
    }
}
