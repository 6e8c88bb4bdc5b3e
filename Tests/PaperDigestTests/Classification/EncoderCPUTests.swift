import Foundation
import Testing
@testable import PaperDigest

@Suite struct EncoderCPUTests {
    let cpuinfo = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        flags\t\t: fpu vme sse sse2 avx avx2 fma avx512f avx512dq avx512vl
        bugs\t\t: spectre_v1

        """

    @Test func namesTheFeaturesACPULacks() {
        #expect(EncoderCPU.missing(["avx2", "fma"], cpuinfo: cpuinfo).isEmpty)
        #expect(EncoderCPU.missing(["avx512f", "avx512bw", "avx512dq", "avx512vl"], cpuinfo: cpuinfo) == ["avx512bw"])
        // A flag is a whole word: "avx512f" is not "avx512".
        #expect(EncoderCPU.missing(["avx512"], cpuinfo: cpuinfo) == ["avx512"])
        #expect(EncoderCPU.missing(["avx2"], cpuinfo: "processor : 0\n") == ["avx2"])
    }

    @Test func aBuildForAnotherCPUStopsWithOneLineSayingHowToRebuild() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpuinfo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "processor\t: 0\nflags\t\t: fpu sse sse2\n".write(toFile: path, atomically: true, encoding: .utf8)
        if let required = EncoderCPU.required {
            #expect { try EncoderCPU.check(cpuinfoPath: path) } throws: { error in
                let text = String(describing: error)
                return text.contains(required.name) && text.contains(required.flags[0]) && text.contains("PAPERDIGEST_PORTABLE=1")
                    && !text.contains("\n")
            }
        } else {
            try EncoderCPU.check(cpuinfoPath: path)  // A portable build runs anywhere.
        }
        // This machine built it, so it passes here.
        try EncoderCPU.check()
    }
}
