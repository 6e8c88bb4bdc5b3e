import ArgumentParser
import Foundation
import PaperDigest

/// `paperdigest sanitize [--base URL]`: cleans the HTML on standard input.
struct SanitizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanitize",
        abstract: "Read HTML on standard input and write it, cleaned as pages and feeds use it, to standard output."
    )

    @Option(name: .long, help: ArgumentHelp("Resolve relative links and images against this absolute URL.", valueName: "URL"))
    var base: String?

    func validate() throws {
        guard let base else { return }
        guard let url = URL(string: base), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw ValidationError("--base must be an absolute http(s) URL, got '\(base)'.")
        }
    }

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let html = String(decoding: input, as: UTF8.self)
        let clean = HTMLSanitizer().sanitize(html, baseURL: base)
        FileHandle.standardOutput.write(Data(clean.utf8))
    }
}
