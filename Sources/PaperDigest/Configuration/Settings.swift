import Foundation
import Yams

/// Everything a run can be told, read from `paperdigest.yml` (all keys optional).
///
/// Relative paths are taken from the folder that holds the settings file (or the current
/// folder when there is none), so cron can run PaperDigest from anywhere.
public struct Settings: Sendable, Hashable {
    /// The folder relative paths are resolved against.
    public var root: String
    public var databasePath: String
    public var sourcesPath: String
    public var topicsPath: String
    public var entitiesPath: String
    public var templatesPath: String
    public var outputPath: String
    public var modelPath: String
    public var headsPath: String
    public var labelsPath: String
    /// The site's public address, for absolute links in feeds and the sitemap.
    public var baseURL: String
    public var siteTitle: String
    public var fetch: FetchSettings

    public struct FetchSettings: Sendable, Hashable {
        /// Whole-request deadline, seconds.
        public var timeout: Double = 30
        /// Largest body accepted, bytes.
        public var maxBodyBytes: Int = 20 * 1024 * 1024
        /// Hosts fetched at once.
        public var concurrency: Int = 4
        /// Seconds between two requests to one host when the source names none.
        public var politeness: Double = 1
        public init() {}
    }

    /// The defaults, with paths under `root`.
    public init(root: String) {
        self.root = root
        databasePath = "paperdigest.sqlite"
        sourcesPath = "Feeds/sources.opml"
        topicsPath = "Feeds/topics.yml"
        entitiesPath = "Feeds/entities.yml"
        templatesPath = "Templates"
        outputPath = "Output"
        modelPath = "Models/all-MiniLM-L6-v2"
        headsPath = "Data/heads.json"
        labelsPath = "Data/labels.jsonl"
        baseURL = "http://127.0.0.1:8000/"
        siteTitle = "PaperDigest — mechanistic interpretability"
        fetch = FetchSettings()
    }

    /// A path from the settings, made absolute against `root`.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: root).appendingPathComponent(path).standardizedFileURL.path
    }

    /// Reads settings from a YAML file. Unknown keys and wrong types are errors that name
    /// the file and the key, so a typo never goes unnoticed.
    public static func load(path: String) throws -> Settings {
        let root = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PaperDigestError(.configuration, "cannot read the settings file", at: path)
        }
        return try parse(text, path: path, root: root)
    }

    /// Settings from `paperdigest.yml` in `folder` when it exists, else the defaults.
    public static func discover(in folder: String) throws -> Settings {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("paperdigest.yml").path
        return FileManager.default.fileExists(atPath: path) ? try load(path: path) : Settings(root: folder)
    }

    static func parse(_ text: String, path: String, root: String) throws -> Settings {
        var settings = Settings(root: root)
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw PaperDigestError(.configuration, "not valid YAML", at: path, underlying: error)
        }
        guard let node else { return settings }
        guard let map = node as? [String: Any] else {
            throw PaperDigestError(.configuration, "expected a mapping of keys at the top level", at: path)
        }
        func string(_ key: String, _ value: Any) throws -> String {
            guard let s = value as? String, !s.isEmpty else {
                throw PaperDigestError(.configuration, "\(key) must be a non-empty string", at: path)
            }
            return s
        }
        func number(_ key: String, _ value: Any) throws -> Double {
            guard let n = (value as? Double) ?? (value as? Int).map(Double.init), n > 0 else {
                throw PaperDigestError(.configuration, "\(key) must be a positive number", at: path)
            }
            return n
        }
        for (key, value) in map {
            switch key {
            case "database": settings.databasePath = try string(key, value)
            case "sources": settings.sourcesPath = try string(key, value)
            case "topics": settings.topicsPath = try string(key, value)
            case "entities": settings.entitiesPath = try string(key, value)
            case "templates": settings.templatesPath = try string(key, value)
            case "output": settings.outputPath = try string(key, value)
            case "model": settings.modelPath = try string(key, value)
            case "heads": settings.headsPath = try string(key, value)
            case "labels": settings.labelsPath = try string(key, value)
            case "base_url":
                let url = try string(key, value)
                guard let scheme = URLComponents(string: url)?.scheme, ["http", "https", "file"].contains(scheme) else {
                    throw PaperDigestError(.configuration, "base_url must be an http(s) URL, not \"\(url)\"", at: path)
                }
                settings.baseURL = url.hasSuffix("/") ? url : url + "/"
            case "site_title": settings.siteTitle = try string(key, value)
            case "fetch":
                guard let fetch = value as? [String: Any] else {
                    throw PaperDigestError(.configuration, "fetch must be a mapping", at: path)
                }
                for (subkey, subvalue) in fetch {
                    let name = "fetch.\(subkey)"
                    switch subkey {
                    case "timeout": settings.fetch.timeout = try number(name, subvalue)
                    case "max_body_mb": settings.fetch.maxBodyBytes = Int(try number(name, subvalue) * 1024 * 1024)
                    case "concurrency": settings.fetch.concurrency = max(1, Int(try number(name, subvalue)))
                    case "politeness": settings.fetch.politeness = try number(name, subvalue)
                    default:
                        throw PaperDigestError(
                            .configuration, "unknown key \(name) (known: timeout, max_body_mb, concurrency, politeness)", at: path)
                    }
                }
            default:
                throw PaperDigestError(
                    .configuration,
                    "unknown key \(key) (known: database, sources, topics, entities, templates, output, model, heads, labels, base_url, site_title, fetch)",
                    at: path)
            }
        }
        return settings
    }
}
