import ArgumentParser
import PaperDigest

@main
struct PaperDigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperdigest",
        abstract: "Follow a research field: fetch arXiv and lab feeds, read each paper locally, publish a digest.",
        version: PaperDigestVersion.current,
        subcommands: [RenderCommand.self, ServeCommand.self, DemoCommand.self, BenchCommand.self]
    )
}
