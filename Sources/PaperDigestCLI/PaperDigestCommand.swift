import ArgumentParser
import Foundation
import Logging
import PaperDigest

@main
struct PaperDigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperdigest",
        abstract: "Follow a research field: fetch arXiv and lab feeds, read each paper locally, publish a digest.",
        discussion: """
            The nightly job is `paperdigest run` (fetch → parse → store → classify → render). \
            Each step is also its own command. Settings come from paperdigest.yml in the \
            current folder, or --config.

            Exit status: 0 all good, 3 finished with some sources failing, 1 failed, 2 usage.
            """,
        version: PaperDigestVersion.current,
        subcommands: [
            RunCommand.self,
            DoctorCommand.self,
            FetchCommand.self,
            ParseCommand.self,
            SourcesCommand.self,
            SearchCommand.self,
            StatsCommand.self,
            SanitizeCommand.self,
            ClassifyCommand.self,
            TrainCommand.self,
            EvalCommand.self,
            LabelCommand.self,
            ExplainCommand.self,
            EmbedCommand.self,
            RenderCommand.self,
            ServeCommand.self,
            DemoCommand.self,
            BenchCommand.self,
        ]
    )

    /// Runs the command and maps errors to PaperDigest's exit statuses: usage errors exit 2
    /// (not ArgumentParser's 64), library errors print one line and exit 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as PaperDigestError {
            FileHandle.standardError.write(Data("paperdigest: \(error.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
