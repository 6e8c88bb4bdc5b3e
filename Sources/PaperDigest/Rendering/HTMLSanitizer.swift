import CLibXML2

/// Cleans third-party HTML (feed summaries and content) so it can go into a page or a feed.
///
/// The input is parsed with libxml2's forgiving HTML parser; the resulting tree is walked and
/// only allow-listed elements and attributes are written back out, with every text node and
/// attribute value escaped here rather than by libxml2's serialiser. The output is an HTML5
/// fragment that a browser parses back into the same tree:
///
/// - elements that carry code or change how the rest of a page parses (`script`, `style`,
///   `iframe`, `form`, `svg`, `math`, `noscript`, `title`, …) are dropped with their content;
///   other unknown elements are dropped but their text is kept;
/// - URLs (`href`, `src`, `cite`) must be `http`, `https`, `mailto` or relative (made absolute
///   against `baseURL`); `data:image/png|gif|jpeg|webp` is allowed on `img src` only;
/// - links get `rel="noopener noreferrer"`; `h1`/`h2` become `h3`/`h4`;
/// - nesting the HTML5 parser would rearrange (a block in a `p`, a link in a link, stray
///   content in a table, a `li` outside a list) is flattened or moved first;
/// - comments and processing instructions are dropped; a start tag with more than
///   `attributeLimit` attribute-like words (a stray `<` before a run of prose) is read as text.
///
/// It is a value with no state: one instance can be shared across tasks.
public struct HTMLSanitizer: Sendable {
    public init() {}

    /// Returns the allowed part of `html` as a well-formed HTML5 fragment.
    ///
    /// - Parameters:
    ///   - html: Untrusted HTML, a fragment or a whole document, in any state of repair.
    ///   - baseURL: The absolute `http(s)` URL the HTML came from; relative links and image
    ///     sources are resolved against it. Without one they are kept relative.
    /// - Returns: The cleaned HTML, empty when nothing in `html` is allowed.
    public func sanitize(_ html: String, baseURL: String? = nil) -> String {
        if html.isEmpty { return "" }
        Self.initializeLibXML
        guard let document = Self.parse(html) else { return "" }
        defer { xmlFreeDoc(document) }

        var writer = Writer(base: baseURL.flatMap(BaseURL.init), capacity: html.utf8.count)
        writer.writeDocument(document)
        return String(decoding: writer.output, as: UTF8.self)
    }

    // MARK: - Parsing

    private static let initializeLibXML: Void = xmlInitParser()

    private static let parseOptions = Int32(bitPattern:
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_COMPACT.rawValue
            | HTML_PARSE_IGNORE_ENC.rawValue)

    /// Parses `html` as the content of a `<body>`.
    ///
    /// The leading `<body>` keeps libxml2 from wrapping loose text in an implied `<p>`; NUL
    /// bytes are removed because libxml2 would otherwise stop reading at them, a byte order
    /// mark because after `<body>` it would be text, and attribute floods because libxml2
    /// takes quadratic time over them (see `appendDefusingAttributeFloods`).
    private static func parse(_ html: String) -> htmlDocPtr? {
        var bytes: [UInt8] = Array("<body>".utf8)
        bytes.reserveCapacity(html.utf8.count + 16)
        var html = html
        html.withUTF8 { input in
            let start = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            appendDefusingAttributeFloods(UnsafeBufferPointer(rebasing: input[start...]), to: &bytes)
        }
        guard bytes.count < Int(Int32.max) else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), nil, "UTF-8", parseOptions)
            }
        }
    }
}
