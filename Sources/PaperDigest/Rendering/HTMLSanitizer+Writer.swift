import CLibXML2

extension HTMLSanitizer {
    /// Walks a document libxml2 parsed and writes the allowed part of it as HTML5.
    ///
    /// Every byte of output is produced here: tag and attribute names come from the
    /// allow-list, text and attribute values are escaped, so nothing libxml2 kept from the
    /// input can reach the output unescaped. Where the HTML5 tree builder would rearrange
    /// what is written (WHATWG 13.2.6), the writer rearranges it first, so that a browser
    /// parses the output, and its own re-serialisation, into the tree written here.
    struct Writer {
        private(set) var output: [UInt8] = []
        let base: BaseURL?

        /// Deeper elements are written as their text only, which bounds recursion.
        static let maxDepth = 128

        init(base: BaseURL?, capacity: Int) {
            self.base = base
            output.reserveCapacity(capacity + capacity / 8 + 16)
        }

        /// What the HTML5 parser will have open where the next node is written.
        struct Context {
            /// The innermost element written (the parser's "current node").
            var parent: Tag?
            /// A `<p>` is open in button scope: a block start tag would close it.
            var inParagraph = false
            /// An `<a>` is open since the last table cell: another `<a>` would close it.
            var inLink = false

            static let top = Context(parent: nil)

            func entering(_ tag: Tag) -> Context {
                var context = self
                context.parent = tag
                if tag == .p { context.inParagraph = true }
                if tag == .a { context.inLink = true }
                return context
            }
        }

        enum Placement { case write, unwrap, skip }

        mutating func writeDocument(_ document: htmlDocPtr) {
            writeSiblings(from: document.pointee.children, .top, depth: 0)
        }

        // MARK: - Flow content

        mutating func writeSiblings(from first: xmlNodePtr?, _ context: Context, depth: Int) {
            var node = first
            while let current = node {
                writeNode(current, context, depth: depth)
                node = current.pointee.next
            }
        }

        mutating func writeNode(_ node: xmlNodePtr, _ context: Context, depth: Int) {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                writeText(of: node)
            case XML_ENTITY_REF_NODE:
                writeEntityReference(node)
            case XML_ELEMENT_NODE:
                if depth >= Self.maxDepth {
                    writeTextContent(of: node)
                    return
                }
                switch HTMLSanitizer.rule(forElementNamed: Self.name(of: node)) {
                case .drop: return
                case .unwrap: writeSiblings(from: node.pointee.children, context, depth: depth + 1)
                case .allow(let tag): writeElement(node, tag, context, depth: depth)
                }
            default:
                return  // comments, processing instructions, DTDs
            }
        }

        mutating func writeElement(_ node: xmlNodePtr, _ tag: Tag, _ context: Context, depth: Int) {
            switch Self.placement(of: tag, in: context) {
            case .skip: return
            case .unwrap:
                writeSiblings(from: node.pointee.children, context, depth: depth + 1)
                return
            case .write: break
            }
            if tag == .table {
                writeTable(node, context, depth: depth)
                return
            }
            let written = writeStartTag(node, tag)
            if tag.isVoid {
                // A void element has no content in HTML5: what libxml2, which knows HTML 4,
                // nests in one (`<wbr>` is not HTML 4) follows it.
                writeSiblings(from: node.pointee.children, context, depth: depth + 1)
                return
            }
            guard written else { return }
            // The HTML5 parser drops a newline right after <pre>, libxml2 keeps it: write one
            // for the browser to drop unless the text already starts with the one it dropped.
            if tag == .pre, !Self.startsWithNewline(node.pointee.children) { output.append(0x0A) }
            writeSiblings(from: node.pointee.children, context.entering(tag), depth: depth + 1)
            writeEndTag(tag)
        }

        /// Whether `tag` can be written where `context` says the parser is, unchanged.
        static func placement(of tag: Tag, in context: Context) -> Placement {
            if tag.isTablePart { return .unwrap }  // only the table writer places these
            if context.inParagraph, tag.closesParagraph { return tag.isVoid ? .skip : .unwrap }
            switch tag {
            case .li: return context.parent == .ul || context.parent == .ol ? .write : .unwrap
            case .dt, .dd: return context.parent == .dl ? .write : .unwrap
            case .a: return context.inLink ? .unwrap : .write
            default:
                if tag.isHeading, context.parent?.isHeading == true { return .unwrap }
                return .write
            }
        }

        // MARK: - Tables

        /// Where in a table a run of children sits, which decides what belongs there.
        enum TableLevel {
            case table, section, row

            func accepts(_ tag: Tag) -> Bool {
                switch (self, tag) {
                case (_, .td), (_, .th), (.table, .tr), (.section, .tr): true
                case (.table, .caption), (.table, .thead), (.table, .tbody), (.table, .tfoot): true
                default: false
                }
            }
        }

        typealias TableItem = (node: xmlNodePtr, tag: Tag?)

        /// Writes a table with any content the parser would foster-parent moved before it,
        /// and the `tbody`/`tr` the parser would imply written out.
        mutating func writeTable(_ node: xmlNodePtr, _ context: Context, depth: Int) {
            let items = tableItems(of: node, depth: depth)
            writeFosteredContent(items, level: .table, context, depth: depth)
            _ = writeStartTag(node, .table)
            writeTableContent(items, level: .table, depth: depth)
            writeEndTag(.table)
        }

        /// The children of a table part with unwrapped elements flattened and dropped ones removed.
        func tableItems(of node: xmlNodePtr, depth: Int) -> [TableItem] {
            var items: [TableItem] = []
            collectTableItems(from: node.pointee.children, into: &items, depth: depth + 1)
            return items
        }

        private func collectTableItems(from first: xmlNodePtr?, into items: inout [TableItem], depth: Int) {
            var node = first
            while let current = node {
                node = current.pointee.next
                switch current.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_ENTITY_REF_NODE:
                    items.append((current, nil))
                case XML_ELEMENT_NODE:
                    switch HTMLSanitizer.rule(forElementNamed: Self.name(of: current)) {
                    case .drop: continue
                    case .unwrap where depth < Self.maxDepth:
                        collectTableItems(from: current.pointee.children, into: &items, depth: depth + 1)
                    case .unwrap: items.append((current, nil))
                    case .allow(let tag): items.append((current, tag))
                    }
                default:
                    continue
                }
            }
        }

        /// Writes, in the table's own context, what does not belong inside the table.
        mutating func writeFosteredContent(_ items: [TableItem], level: TableLevel, _ context: Context, depth: Int) {
            for (node, tag) in items {
                if let tag, level.accepts(tag) {
                    switch tag {
                    case .thead, .tbody, .tfoot:
                        writeFosteredContent(tableItems(of: node, depth: depth + 1), level: .section, context, depth: depth + 1)
                    case .tr:
                        writeFosteredContent(tableItems(of: node, depth: depth + 1), level: .row, context, depth: depth + 1)
                    default:
                        continue  // caption and cells hold flow content of their own
                    }
                } else if !Self.isWhitespaceText(node) {
                    writeNode(node, context, depth: depth + 1)
                }
            }
        }

        mutating func writeTableContent(_ items: [TableItem], level: TableLevel, depth: Int) {
            var impliedSection = false
            var impliedRow = false
            for (node, tag) in items {
                guard let tag, level.accepts(tag) else {
                    if tag == nil, Self.isWhitespaceText(node) { writeText(of: node) }
                    continue
                }
                switch tag {
                case .caption, .thead, .tbody, .tfoot:
                    if impliedRow { writeEndTag(.tr); impliedRow = false }
                    if impliedSection { writeEndTag(.tbody); impliedSection = false }
                    if tag == .caption {
                        writeCell(node, .caption, depth: depth + 1)
                    } else {
                        _ = writeStartTag(node, tag)
                        writeTableContent(tableItems(of: node, depth: depth + 1), level: .section, depth: depth + 1)
                        writeEndTag(tag)
                    }
                case .tr:
                    if impliedRow { writeEndTag(.tr); impliedRow = false }
                    if level == .table, !impliedSection { writeImpliedStartTag(.tbody); impliedSection = true }
                    _ = writeStartTag(node, .tr)
                    writeTableContent(tableItems(of: node, depth: depth + 1), level: .row, depth: depth + 1)
                    writeEndTag(.tr)
                default:  // td, th
                    if level == .table, !impliedSection { writeImpliedStartTag(.tbody); impliedSection = true }
                    if level != .row, !impliedRow { writeImpliedStartTag(.tr); impliedRow = true }
                    writeCell(node, tag, depth: depth + 1)
                }
            }
            if impliedRow { writeEndTag(.tr) }
            if impliedSection { writeEndTag(.tbody) }
        }

        /// Cells and captions start afresh: no paragraph or link of the outside is in scope.
        mutating func writeCell(_ node: xmlNodePtr, _ tag: Tag, depth: Int) {
            _ = writeStartTag(node, tag)
            writeSiblings(from: node.pointee.children, Context(parent: tag), depth: depth + 1)
            writeEndTag(tag)
        }

        // MARK: - Tags and attributes

        /// Writes `<tag …>` with the allowed attributes; false (and nothing written) when the
        /// element is pointless without an attribute that was refused (`img` without `src`).
        mutating func writeStartTag(_ node: xmlNodePtr, _ tag: Tag) -> Bool {
            let mark = output.count
            output.append(0x3C)
            output.append(contentsOf: tag.outputName.utf8)
            let allowed = HTMLSanitizer.attributeTables[tag] ?? [:]
            var written: [String] = []
            var attribute = node.pointee.properties
            while let current = attribute {
                attribute = current.pointee.next
                let name = Self.name(of: current.pointee.name)
                guard let kind = allowed[name], !written.contains(name),
                      let value = cleanValue(Self.value(of: current), kind)
                else { continue }
                written.append(name)
                output.append(0x20)
                output.append(contentsOf: name.utf8)
                output.append(contentsOf: "=\"".utf8)
                value.withUnsafeBufferPointer { writeEscaped($0, inAttribute: true) }
                output.append(0x22)
            }
            if tag == .img, !written.contains("src") {
                output.removeSubrange(mark...)
                return false
            }
            if tag == .a, written.contains("href") {
                output.append(contentsOf: " rel=\"noopener noreferrer\"".utf8)
            }
            output.append(0x3E)
            return true
        }

        mutating func writeImpliedStartTag(_ tag: Tag) {
            output.append(0x3C)
            output.append(contentsOf: tag.outputName.utf8)
            output.append(0x3E)
        }

        mutating func writeEndTag(_ tag: Tag) {
            output.append(contentsOf: "</".utf8)
            output.append(contentsOf: tag.outputName.utf8)
            output.append(0x3E)
        }

        /// The value to write for an attribute of `kind`, or nil to leave the attribute out.
        func cleanValue(_ value: [UInt8], _ kind: AttributeKind) -> [UInt8]? {
            switch kind {
            case .text:
                return value
            case .url(let use):
                return HTMLSanitizer.cleanURL(value, use: use, base: base)
            case .boolean:
                return []
            case .count(let max):
                let digits = Self.trimmed(value)
                guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                      let number = Int(String(decoding: digits, as: UTF8.self)), number <= max
                else { return nil }
                return Array(String(number).utf8)
            case .integer:
                let text = Self.trimmed(value)
                let digits = text.first == 0x2D ? text.dropFirst() : text[...]
                guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                return text
            case .language:
                let text = Self.trimmed(value)
                guard !text.isEmpty, text.count <= 35,
                      text.allSatisfy({ ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
                else { return nil }
                return text
            case .keyword(let keywords):
                let text = Self.trimmed(value)
                return keywords.contains(String(decoding: text, as: UTF8.self)) ? text : nil
            }
        }

        // MARK: - Text

        mutating func writeText(of node: xmlNodePtr) {
            guard let content = node.pointee.content else { return }
            writeEscaped(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))), inAttribute: false)
        }

        /// An entity libxml2 did not expand is written as the text it was.
        mutating func writeEntityReference(_ node: xmlNodePtr) {
            guard let name = node.pointee.name else { return }
            output.append(contentsOf: "&amp;".utf8)
            writeEscaped(UnsafeBufferPointer(start: name, count: Int(xmlStrlen(name))), inAttribute: false)
            output.append(0x3B)
        }

        /// Writes the text under `root`, without recursion, leaving out what is dropped with content.
        mutating func writeTextContent(of root: xmlNodePtr) {
            var node = root.pointee.children
            while let current = node {
                var descend = false
                switch current.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    writeText(of: current)
                case XML_ELEMENT_NODE:
                    if case .drop = HTMLSanitizer.rule(forElementNamed: Self.name(of: current)) {} else { descend = true }
                default:
                    break
                }
                if descend, let child = current.pointee.children {
                    node = child
                    continue
                }
                node = nil
                var climbing: xmlNodePtr? = current
                while let step = climbing, step != root {
                    if let next = step.pointee.next {
                        node = next
                        break
                    }
                    climbing = step.pointee.parent
                }
            }
        }

        /// Escapes `&`, `<`, `>` (and `"` in attribute values) and leaves out what has no place
        /// in HTML or XML: C0 controls other than tab and newline, U+FFFE/U+FFFF. CR and CRLF
        /// become LF; C1 controls, which in feeds are Windows-1252 text decoded as Latin-1,
        /// become the Windows-1252 characters a browser shows for `&#150;` and the like.
        mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, inAttribute: Bool) {
            let count = bytes.count
            var index = 0
            var plainStart = 0  // runs of bytes that need nothing are copied in one go
            while index < count {
                let byte = bytes[index]
                if Self.needsNothing(byte, inAttribute: inAttribute) {
                    index += 1
                    continue
                }
                if plainStart < index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<index]))
                }
                switch byte {
                case 0x26: output.append(contentsOf: "&amp;".utf8)
                case 0x3C: output.append(contentsOf: "&lt;".utf8)
                case 0x3E: output.append(contentsOf: "&gt;".utf8)
                case 0x22: output.append(contentsOf: "&quot;".utf8)
                case 0x0C: output.append(0x20)
                case 0x0D:
                    if index + 1 == count || bytes[index + 1] != 0x0A { output.append(0x0A) }
                case 0x00...0x1F, 0x7F:
                    break
                case 0xC2 where index + 1 < count && bytes[index + 1] >= 0x80 && bytes[index + 1] <= 0x9F:
                    output.append(contentsOf: Self.windows1252[Int(bytes[index + 1] - 0x80)])
                    index += 1
                case 0xEF where index + 2 < count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                    index += 2
                default:
                    output.append(byte)
                }
                index += 1
                plainStart = index
            }
            if plainStart < count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<count]))
            }
        }

        /// Bytes written as they are; `0xC2` and `0xEF` may start a sequence that is not.
        @inline(__always)
        static func needsNothing(_ byte: UInt8, inAttribute: Bool) -> Bool {
            switch byte {
            case 0x26, 0x3C, 0x3E, 0x7F, 0xC2, 0xEF: false
            case 0x22: !inAttribute
            case 0x09, 0x0A: true
            case 0x00...0x1F: false
            default: true
            }
        }

        /// UTF-8 for the Windows-1252 characters at 0x80…0x9F; empty where it has none.
        static let windows1252: [[UInt8]] = [
            "\u{20AC}", "", "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
            "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", "", "\u{017D}", "",
            "", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
            "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", "", "\u{017E}", "\u{0178}",
        ].map { Array($0.utf8) }

        // MARK: - libxml2 accessors

        static func name(of node: xmlNodePtr) -> String {
            name(of: node.pointee.name)
        }

        /// An element or attribute name, ASCII-lowercased (libxml2 already lowercases HTML names).
        static func name(of pointer: UnsafePointer<xmlChar>?) -> String {
            guard let pointer else { return "" }
            let name = String(cString: pointer)
            return name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) ? name.lowercased() : name
        }

        /// An attribute's value: the concatenated text of its children.
        static func value(of attribute: UnsafeMutablePointer<xmlAttr>) -> [UInt8] {
            var value: [UInt8] = []
            var child = attribute.pointee.children
            while let current = child {
                if let content = current.pointee.content {
                    value.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                }
                child = current.pointee.next
            }
            return value
        }

        static func startsWithNewline(_ node: xmlNodePtr?) -> Bool {
            guard let node, node.pointee.type == XML_TEXT_NODE, let content = node.pointee.content else { return false }
            return content.pointee == 0x0A || content.pointee == 0x0D
        }

        static func isWhitespaceText(_ node: xmlNodePtr) -> Bool {
            guard node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE else { return false }
            guard let content = node.pointee.content else { return true }
            var pointer = content
            while pointer.pointee != 0 {
                switch pointer.pointee {
                case 0x20, 0x09, 0x0A, 0x0C, 0x0D: pointer += 1
                default: return false
                }
            }
            return true
        }

        static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] <= 0x20 { start += 1 }
            while end > start, bytes[end - 1] <= 0x20 { end -= 1 }
            return Array(bytes[start..<end])
        }
    }
}
