import Foundation

/// Checks what a nightly run needs and says what to fix: settings, sources, database,
/// model, heads, templates, output folder.
public struct Doctor: Sendable {
    /// One check's verdict.
    public struct Check: Sendable, Hashable {
        public enum Status: String, Sendable { case ok, warning, problem }
        public var name: String
        public var status: Status
        /// What was found, or what to do about it.
        public var detail: String
    }

    public var workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Runs every check; none stops the others.
    public func run(now: Date = Date()) -> [Check] {
        var checks: [Check] = []
        func check(_ name: String, _ body: () throws -> (Check.Status, String)) {
            do {
                let (status, detail) = try body()
                checks.append(Check(name: name, status: status, detail: detail))
            } catch {
                checks.append(Check(name: name, status: .problem, detail: String(describing: error)))
            }
        }
        let settings = workspace.settings

        check("settings") { (.ok, "paths relative to \(settings.root); site at \(settings.baseURL)") }

        var sources: [Source] = []
        check("sources") {
            sources = try workspace.sourceList().sources
            let enabled = sources.filter(\.isEnabled).count
            guard enabled > 0 else { return (.problem, "no enabled source in \(workspace.sourcesPath): add one with paperdigest sources add URL") }
            return (.ok, "\(enabled) enabled in \(workspace.sourcesPath)")
        }

        check("database") {
            let database = try workspace.openDatabase()
            let verdict = try database.integrityCheck()
            guard verdict == "ok" else {
                return (.problem, "integrity_check says \(verdict): restore \(workspace.databasePath) from a backup")
            }
            try database.syncSources(sources, now: now)
            let failing = try database.sourceStates().filter {
                $0.source.isEnabled && ($0.consecutiveFailures > 0 || ($0.disabledReason != nil && $0.disabledReason != "not in sources.opml"))
            }
            let stats = try database.stats()
            guard failing.isEmpty else {
                let names = failing.prefix(5).map { "\($0.source.slug) (\($0.disabledReason ?? $0.lastError ?? "failing"))" }
                return (.warning, "\(stats.items) items; sources failing: \(names.joined(separator: ", ")) — see paperdigest sources list; fix or remove them, or refetch with paperdigest fetch --force")
            }
            return (.ok, "\(stats.items) items, \(stats.classified) classified, at \(workspace.databasePath)")
        }

        check("model") {
            let embedder = try workspace.embedder(threads: 1)
            let vector = try embedder.embed(["sparse autoencoders find interpretable features"])
            guard vector.first?.count ?? 0 > 0 else { return (.problem, "the encoder gave no embedding: run Scripts/install-model.sh") }
            let build = EncoderCPU.required.map { "kernels built for \($0.name) CPUs" } ?? "portable kernels"
            return (.ok, "\(embedder.modelID) at \(workspace.modelPath); \(build)")
        }

        check("heads") {
            let classifier = try workspace.classifier(threads: 1)
            return (.ok, "heads \(classifier.heads.version) from \(workspace.headsPath)")
        }

        check("templates") {
            let path = settings.resolve(settings.templatesPath)
            let templates = try TemplateSet.load(from: path)
            return (.ok, "\(templates.assets.count) assets and the page templates load from \(path)")
        }

        check("output") {
            let output = URL(fileURLWithPath: settings.resolve(settings.outputPath))
            let parent = output.deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: parent) else {
                return (.problem, "cannot write in \(parent): the site is staged beside \(output.path)")
            }
            return (.ok, "site goes to \(output.path)")
        }
        return checks
    }
}
