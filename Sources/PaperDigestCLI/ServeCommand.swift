import ArgumentParser
import Foundation
import PaperDigest

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the output folder on 127.0.0.1 for a preview (Ctrl-C stops).")

    @OptionGroup var options: SiteOptions

    @Option(help: "The port to listen on.")
    var port: Int = 8000

    func run() throws {
        try reportingErrors {
            let settings = try options.settings()
            let server = try PreviewServer(root: settings.resolve(settings.outputPath), port: UInt16(clamping: port))
            print("serving \(server.root) at http://127.0.0.1:\(server.port)/ (Ctrl-C stops)")
            try server.run()
        }
    }
}
