import Foundation

/// The CPU features the encoder's kernels were compiled for. `Package.swift` builds the
/// `TinyTransformer` target for the build host's CPU (AVX-512, or AVX2 and FMA); on a CPU
/// without them the first encoder call would die of SIGILL. This code is compiled for any
/// x86-64, so it can check before the encoder runs.
public enum EncoderCPU {
    /// The `-target-cpu` of the encoder and the `/proc/cpuinfo` flags it needs; `nil` for a
    /// portable build.
    public static var required: (name: String, flags: [String])? {
        #if PAPERDIGEST_ENCODER_AVX512
            return ("skylake-avx512", ["avx512f", "avx512bw", "avx512dq", "avx512vl"])
        #elseif PAPERDIGEST_ENCODER_AVX2
            return ("haswell", ["avx2", "fma"])
        #else
            return nil
        #endif
    }

    /// The flags of `required` that the `flags` line of a `/proc/cpuinfo` text lacks.
    public static func missing(_ required: [String], cpuinfo: String) -> [String] {
        guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return required }
        let present = Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        return required.filter { !present.contains($0) }
    }

    /// Throws one line naming the missing features and how to build for this CPU when the
    /// encoder was compiled for features this CPU lacks. Does nothing for a portable build,
    /// or where `/proc/cpuinfo` cannot be read.
    public static func check(cpuinfoPath: String = "/proc/cpuinfo") throws {
        guard let required, let cpuinfo = try? String(contentsOfFile: cpuinfoPath, encoding: .utf8) else { return }
        let lacking = missing(required.flags, cpuinfo: cpuinfo)
        guard !lacking.isEmpty else { return }
        throw PaperDigestError(
            .model,
            "this paperdigest was built for \(required.name) CPUs and this CPU lacks \(lacking.joined(separator: ", ")): "
                + "build it on this machine (swift build -c release), or with PAPERDIGEST_PORTABLE=1 for any x86-64")
    }
}
