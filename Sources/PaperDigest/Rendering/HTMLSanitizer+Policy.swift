// The allow-list: which elements and attributes survive, and in what shape.

extension HTMLSanitizer {
    /// What happens to an element found in the input.
    enum ElementRule {
        /// Written out (subject to where it sits) with its allowed attributes.
        case allow(Tag)
        /// Dropped, its children written in its place.
        case unwrap
        /// Dropped with everything inside it.
        case drop
    }

    /// The elements that may appear in the output.
    enum Tag: String, CaseIterable {
        case a, abbr, b, bdi, bdo, blockquote, br, caption, cite, code, dd, del, details, dfn, div,
            dl, dt, em, figcaption, figure, h1, h2, h3, h4, h5, h6, hr, i, img, ins, kbd, li, mark,
            ol, p, pre, q, s, samp, small, span, strong, sub, summary, sup, table, tbody, td,
            tfoot, th, thead, time, tr, u, ul, `var`, wbr

        /// The name written out: a summary's top headings sit below the page's own.
        var outputName: String {
            switch self {
            case .h1: "h3"
            case .h2: "h4"
            default: rawValue
            }
        }

        var isVoid: Bool {
            switch self {
            case .br, .hr, .img, .wbr: true
            default: false
            }
        }

        var isHeading: Bool {
            switch self {
            case .h1, .h2, .h3, .h4, .h5, .h6: true
            default: false
            }
        }

        /// A start tag the HTML5 parser answers by closing an open `<p>` (WHATWG 13.2.6.4.7).
        var closesParagraph: Bool {
            switch self {
            case .blockquote, .details, .div, .dl, .figcaption, .figure, .h1, .h2, .h3, .h4, .h5,
                .h6, .hr, .ol, .p, .pre, .summary, .table, .ul, .li, .dd, .dt:
                true
            default: false
            }
        }

        /// Elements that only make sense inside a table and are written by the table writer.
        var isTablePart: Bool {
            switch self {
            case .caption, .thead, .tbody, .tfoot, .tr, .td, .th: true
            default: false
            }
        }

        /// Attributes allowed on this element besides the global ones.
        var attributes: [String: AttributeKind] {
            switch self {
            case .a: ["href": .url(.link), "hreflang": .language]
            case .img:
                ["src": .url(.image), "alt": .text, "width": .count(max: 10_000),
                 "height": .count(max: 10_000)]
            case .td, .th:
                ["colspan": .count(max: 1_000), "rowspan": .count(max: 65_534),
                 "scope": .keyword(["row", "col", "rowgroup", "colgroup"]), "abbr": .text]
            case .time: ["datetime": .text]
            case .blockquote, .q: ["cite": .url(.link)]
            case .del, .ins: ["cite": .url(.link), "datetime": .text]
            case .ol:
                ["start": .integer, "reversed": .boolean,
                 "type": .keyword(["1", "a", "A", "i", "I"])]
            case .li: ["value": .integer]
            case .details: ["open": .boolean]
            default: [:]
            }
        }
    }

    /// How an attribute's value is checked before it is written.
    enum AttributeKind {
        case text
        case url(URLUse)
        /// A non-negative integer no larger than `max`.
        case count(max: Int)
        /// An integer, possibly negative.
        case integer
        case boolean
        case language
        /// One of a fixed set of values (compared case-sensitively after trimming).
        case keyword(Set<String>)
    }

    /// Where a URL is used decides which schemes it may have.
    enum URLUse {
        /// Followed by a person (`href`, `cite`): http, https, mailto, relative.
        case link
        /// Loaded by the browser (`img src`): http, https, relative, raster `data:` images.
        case image
    }

    /// Attributes allowed on every element.
    static let globalAttributes: [String: AttributeKind] = [
        "lang": .language,
        "dir": .keyword(["ltr", "rtl", "auto"]),
        "title": .text,
    ]

    /// Per-element attribute tables, computed once.
    static let attributeTables: [Tag: [String: AttributeKind]] = {
        var tables: [Tag: [String: AttributeKind]] = [:]
        for tag in Tag.allCases {
            tables[tag] = globalAttributes.merging(tag.attributes) { _, specific in specific }
        }
        return tables
    }()

    /// Elements removed together with their content: they run code, load other documents,
    /// hold metadata or form controls, or switch the HTML5 parser into another mode.
    ///
    /// Void elements (`embed`, `input`, `meta`, `link`, …) are not here: they cannot have
    /// content in HTML5, so what libxml2 (which knows HTML 4) nests in them is really what
    /// follows them, and is kept by the default rule, `unwrap`.
    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "applet", "form", "button",
        "select", "option", "optgroup", "datalist", "textarea", "output", "svg", "math",
        "template", "noscript", "noembed", "noframes", "title", "head", "audio", "video",
        "canvas", "map", "portal", "colgroup", "rp", "rt", "rtc",
    ]

    /// The rule for an element name (lowercase, as libxml2 reports it).
    static let rules: [String: ElementRule] = {
        var rules: [String: ElementRule] = [:]
        for tag in Tag.allCases { rules[tag.rawValue] = .allow(tag) }
        for name in droppedWithContent { rules[name] = .drop }
        return rules
    }()

    static func rule(forElementNamed name: String) -> ElementRule {
        rules[name] ?? .unwrap
    }
}
