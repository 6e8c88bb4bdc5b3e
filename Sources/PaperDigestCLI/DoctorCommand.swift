import ArgumentParser
import Foundation
import PaperDigest

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the settings, sources, database, model, heads and templates, and say what to fix.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let checks = Doctor(workspace: try global.workspace()).run()
        for check in checks {
            let mark = switch check.status { case .ok: "ok     "; case .warning: "warning"; case .problem: "PROBLEM" }
            print("\(mark)  \(check.name): \(check.detail)")
        }
        if checks.contains(where: { $0.status == .problem }) { throw ExitCode(1) }
    }
}
