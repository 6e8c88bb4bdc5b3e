import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Mustache

/// The templates folder as one render uses it: Mustache templates by name (`pages/item`,
/// `partials/card`, `feeds/rss`), the files under `assets/` to copy, and a fingerprint of
/// all of it so that editing a template re-renders the pages that use it.
struct TemplateSet: @unchecked Sendable {
    struct Asset {
        var path: String
        var data: Data
    }

    var library: MustacheLibrary
    var assets: [Asset]
    /// Of every template and asset.
    var fingerprint: Fingerprint

    static let renderVersion = "1"

    static func load(from directory: String) throws -> TemplateSet {
        FastHTMLEscaping.registered
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw PaperDigestError(.render, "the templates folder does not exist", at: root)
        }
        var library = MustacheLibrary()
        var assets: [Asset] = []
        var fingerprint = Fingerprint()
        fingerprint.combine(renderVersion)
        fingerprint.combine(codeIdentity)
        let paths = (enumerator.allObjects as? [String] ?? []).sorted()
        var templates = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            let full = root + "/" + path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                !path.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            else { continue }
            guard let data = FileManager.default.contents(atPath: full) else {
                throw PaperDigestError(.render, "cannot read the template", at: full)
            }
            fingerprint.combine(path)
            fingerprint.combine(data)
            if path.hasSuffix(".mustache") {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw PaperDigestError(.render, "the template is not UTF-8", at: full)
                }
                do {
                    try library.register(text, named: String(path.dropLast(".mustache".count)))
                } catch {
                    throw PaperDigestError(.render, "the template does not parse", at: full, underlying: error)
                }
                templates += 1
            } else if path.hasPrefix("assets/") {
                assets.append(Asset(path: String(path.dropFirst("assets/".count)), data: data))
            }
        }
        guard templates > 0 else {
            throw PaperDigestError(.render, "no .mustache templates in the templates folder", at: root)
        }
        return TemplateSet(library: library, assets: assets, fingerprint: fingerprint)
    }

    /// The running program's size and modification time: a new build may render the same
    /// models differently, so its first render re-renders every page.
    static let codeIdentity: String = {
        // stat follows /proc/self/exe to the program file (the link itself is new every run).
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return PaperDigestVersion.current }
        return "\(PaperDigestVersion.current) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    /// The seed for pages made with the template `name`.
    func fingerprint(of name: String) -> Fingerprint {
        var f = fingerprint
        f.combine(name)
        return f
    }

    func render(_ model: Any, with name: String, for path: String) throws -> String {
        guard let text = library.render(model, withTemplate: name) else {
            throw PaperDigestError(.render, "no template named \(name).mustache in the templates folder", at: path)
        }
        return text
    }
}
