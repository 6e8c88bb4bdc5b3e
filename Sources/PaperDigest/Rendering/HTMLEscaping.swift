import Mustache

/// Mustache's HTML escaping (`<`, `>`, `&`, `"`, `'` to the same entities), done over
/// UTF-8 bytes instead of a dictionary lookup per `Character`; text with none of the five
/// (most text) is returned as it is. Registered under the name `HTML` before templates are
/// parsed; a template opts in with `{{% CONTENT_TYPE: HTML}}` (the output is the same
/// without it, only slower).
struct FastHTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLText.escaped(text) }

    /// Registers the escaping once per process.
    static let registered: Void = {
        MustacheContentTypes.register(FastHTMLEscaping(), named: "HTML")
    }()
}
