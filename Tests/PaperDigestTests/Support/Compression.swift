import Foundation

/// gzip and deflate bodies for the test server, made by `/bin/gzip` (Foundation on Linux
/// has no compressor; the system tool avoids linking zlib into the tests).
enum Compression {
    /// The `gzip` file format (RFC 1952), really compressed.
    static func gzip(_ data: Data) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n", "-9"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            fatalError("cannot run /bin/gzip: \(error)")
        }
        // Write on another thread so a large body cannot deadlock on full pipes.
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return compressed
    }

    /// The `deflate` content coding: a zlib stream (RFC 1950) around raw deflate data.
    static func deflate(_ data: Data) -> Data {
        let gzipped = gzip(data)
        // gzip -n: a 10-byte header (no name), the deflate data, then CRC32 and size (8 bytes).
        let raw = gzipped.subdata(in: 10..<(gzipped.count - 8))
        var adlerA: UInt32 = 1
        var adlerB: UInt32 = 0
        for byte in data {
            adlerA = (adlerA + UInt32(byte)) % 65521
            adlerB = (adlerB + adlerA) % 65521
        }
        let adler = (adlerB << 16) | adlerA
        var zlib = Data([0x78, 0xDA])
        zlib.append(raw)
        zlib.append(contentsOf: [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)])
        return zlib
    }
}
