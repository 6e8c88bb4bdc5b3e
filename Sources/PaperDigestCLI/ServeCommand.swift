import ArgumentParser
import Foundation
import PaperDigest

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the output folder on 127.0.0.1 for a preview (Ctrl-C stops).")

    @OptionGroup var options: SiteOptions

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8000

    func run() throws {
        let workspace = try options.workspace()
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        let server = try PreviewServer(root: workspace.settings.resolve(workspace.settings.outputPath), port: UInt16(port))
        print("serving \(server.root) at http://127.0.0.1:\(server.port)/ (Ctrl-C stops)")
        try server.run()
    }
}
