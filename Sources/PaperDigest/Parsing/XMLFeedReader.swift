import CLibXML2
import Foundation

/// Drives libxml2's SAX2 parser over one document and hands the events to a `FeedBuilder`.
///
/// Recovery mode reads what a malformed document still holds; `XML_PARSE_HUGE` lifts the
/// 10 MB text-node limit; `XML_PARSE_NONET` and the entity hooks keep the network, the file
/// system and entity-expansion attacks out: entities are only ever HTML's named ones or
/// small internal ones the document declares.
final class XMLFeedReader {
    /// Largest total size an internal entity may expand to before the document is refused.
    static let entityExpansionLimit = 1 << 20

    /// The caller keeps the builder alive for the whole parse, so it is held unretained, and
    /// the per-event handlers borrow it (`withBuilder`) without reference counting: loading
    /// an `unowned(unsafe)` reference still retains and releases it around each use.
    private let builderReference: Unmanaged<FeedBuilder>
    var builder: FeedBuilder { builderReference.takeUnretainedValue() }

    @inline(__always) func withBuilder<R>(_ body: (FeedBuilder) -> R) -> R {
        builderReference._withUnsafeGuaranteedRef(body)
    }
    var context: xmlParserCtxtPtr?
    /// Holds the entities handed to libxml2 (HTML named ones and declared internal ones).
    private var entityDoc: xmlDocPtr?
    private var expandedSizes: [String: Int] = [:]
    var firstError: String?
    /// Entity references that neither HTML nor the document define; kept as literal text.
    var undefinedEntities: [String] = []
    var errorCount = 0

    init(builder: FeedBuilder) {
        builderReference = Unmanaged.passUnretained(builder)
    }

    deinit {
        if let entityDoc { xmlFreeDoc(entityDoc) }
        recentNames.deallocate()
    }

    /// libxml2 wants one initialisation before parsers run on several threads.
    private static let libraryInitialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses `bytes`; `encoding` (an IANA name) overrides what the document says about itself.
    func parse(_ bytes: UnsafeRawBufferPointer, encoding: String?) {
        _ = XMLFeedReader.libraryInitialized
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // libxml2 pulls the document through a read callback a few KB at a time: a memory
        // parser context would first copy the whole document into a buffer of its own.
        let cursor = UnsafeMutablePointer<InputCursor>.allocate(capacity: 1)
        cursor.initialize(to: InputCursor(next: UnsafeRawPointer(base), remaining: min(bytes.count, Int(Int32.max))))
        defer { cursor.deallocate() }
        let ctxt = xmlCreateIOParserCtxt(nil, nil, { context, buffer, length in
            guard let context, let buffer, length > 0 else { return 0 }
            let cursor = context.assumingMemoryBound(to: InputCursor.self)
            let n = min(Int(length), cursor.pointee.remaining)
            if n > 0 {
                UnsafeMutableRawPointer(buffer).copyMemory(from: cursor.pointee.next, byteCount: n)
                cursor.pointee.next += n
                cursor.pointee.remaining -= n
            }
            return Int32(n)
        }, nil, UnsafeMutableRawPointer(cursor), XML_CHAR_ENCODING_NONE)
        guard let ctxt else { return }
        context = ctxt
        defer {
            context = nil
            xmlFreeParserCtxt(ctxt)
        }
        var options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue
            | XML_PARSE_HUGE.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        if encoding != nil { options |= Int32(XML_PARSE_IGNORE_ENC.rawValue) }
        xmlCtxtUseOptions(ctxt, options)
        if let encoding, let handler = xmlFindCharEncodingHandler(encoding) {
            xmlSwitchToEncoding(ctxt, handler)
        }
        if let sax = ctxt.pointee.sax {
            sax.pointee = XMLFeedReader.makeHandler()
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        ctxt.pointee.userData = me
        // Errors raised outside the parser context (encoding conversion) go to the thread's
        // structured handler; catch them there instead of letting libxml2 print them.
        xmlSetStructuredErrorFunc(me) { ctx, error in
            guard let ctx, let error else { return }
            XMLFeedReader.reader(ctx).noteError(error)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        xmlParseDocument(ctxt)
        builder.finish()
        if ctxt.pointee.wellFormed == 0, firstError == nil {
            firstError = "not well-formed XML"
        }
    }

    /// Where the read callback is in the caller's bytes.
    private struct InputCursor {
        var next: UnsafeRawPointer
        var remaining: Int
    }

    // MARK: - Names

    /// libxml2 interns names in its dictionary, so within one document a (local, prefix, URI)
    /// triple of pointers is one name: it becomes Swift strings once, in `builder.names`.
    private struct NameKey: Hashable {
        var local: UnsafeRawPointer
        var prefix: UnsafeRawPointer?
        var uri: UnsafeRawPointer?
    }

    private struct RecentName {
        var key: NameKey
        var index: Int
        var tag: FeedTag
    }

    @exclusivity(unchecked) private var nameIndexes: [NameKey: Int] = [:]
    /// A small direct-mapped cache in front of `nameIndexes`: no hashing and no reference
    /// counting on the common path.
    @exclusivity(unchecked) private var recentNames: PlainBuffer<RecentName?> = {
        var b = PlainBuffer<RecentName?>(capacity: 64)
        for _ in 0..<64 { b.append(nil) }
        return b
    }()
    @exclusivity(unchecked) private var stringCache: [UnsafeRawPointer: String] = [:]

    func interned(_ p: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(p)
        if let s = stringCache[key] { return s }
        let s = String(cString: p)
        stringCache[key] = s
        return s
    }

    /// The index in `builder.names` of the element name libxml2 reports, and its tag.
    @inline(__always)
    func elementName(_ local: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?) -> (index: Int, tag: FeedTag) {
        let key = NameKey(local: UnsafeRawPointer(local), prefix: prefix.map(UnsafeRawPointer.init), uri: uri.map(UnsafeRawPointer.init))
        let slot = (Int(bitPattern: local) >> 3 ^ Int(bitPattern: uri) >> 4) & 63
        if let hit = recentNames[slot], hit.key == key { return (hit.index, hit.tag) }
        return elementNameSlowly(key, slot: slot)
    }

    private func elementNameSlowly(_ key: NameKey, slot: Int) -> (index: Int, tag: FeedTag) {
        let index: Int
        if let known = nameIndexes[key] {
            index = known
        } else {
            index = builder.addName(
                local: interned(key.local.assumingMemoryBound(to: xmlChar.self)),
                prefix: key.prefix.map { interned($0.assumingMemoryBound(to: xmlChar.self)) },
                uri: key.uri.map { interned($0.assumingMemoryBound(to: xmlChar.self)) })
            nameIndexes[key] = index
        }
        let tag = builder.names[index].tag
        recentNames[slot] = RecentName(key: key, index: index, tag: tag)
        return (index, tag)
    }

    // MARK: - Entities

    fileprivate func entity(named name: String) -> xmlEntityPtr? {
        if entityDoc == nil {
            entityDoc = xmlNewDoc("1.0")
            xmlCreateIntSubset(entityDoc, "feed", nil, nil)
        }
        if let existing = xmlGetDocEntity(entityDoc, name) { return existing }
        let content: String
        if let desc = htmlEntityLookup(name), let scalar = Unicode.Scalar(desc.pointee.value) {
            content = String(Character(scalar))
        } else {
            // Unknown entity: keep it as the text it was, and say so.
            undefinedEntities.append(name)
            content = "&amp;" + name + ";"
        }
        return xmlAddDocEntity(entityDoc, name, Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue), nil, nil, content)
    }

    fileprivate func declareEntity(name: String, type: Int32, publicID: String?, systemID: String?, content: String?) {
        switch UInt32(type) {
        case XML_INTERNAL_GENERAL_ENTITY.rawValue:
            let value = content ?? ""
            let size = expansionSize(of: value)
            if size > XMLFeedReader.entityExpansionLimit {
                refuse("entity expansion refused: entity '\(name)' would expand to \(size > 1 << 30 ? "over a GB" : "\(size) bytes") (billion laughs)")
                return
            }
            expandedSizes[name] = size
            if entityDoc == nil {
                entityDoc = xmlNewDoc("1.0")
                xmlCreateIntSubset(entityDoc, "feed", nil, nil)
            }
            if xmlGetDocEntity(entityDoc, name) == nil {
                xmlAddDocEntity(entityDoc, name, type, nil, nil, value)
            }
        case XML_EXTERNAL_GENERAL_PARSED_ENTITY.rawValue, XML_EXTERNAL_GENERAL_UNPARSED_ENTITY.rawValue,
            XML_EXTERNAL_PARAMETER_ENTITY.rawValue:
            refuse("external entity refused: '\(name)' points at \(systemID ?? publicID ?? "an external resource")")
        default:
            break
        }
    }

    /// How many bytes `value` becomes once the entities it references are expanded.
    private func expansionSize(of value: String) -> Int {
        var total = 0
        let b = Array(value.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "&"), let semi = b[(i + 1)...].firstIndex(of: UInt8(ascii: ";")), semi - i < 64, b[i + 1] != UInt8(ascii: "#") {
                let ref = String(decoding: b[(i + 1)..<semi], as: UTF8.self)
                total &+= expandedSizes[ref] ?? (semi - i + 1)
                if total > XMLFeedReader.entityExpansionLimit { return total }
                i = semi + 1
            } else {
                total += 1
                i += 1
            }
        }
        return total
    }

    func refuse(_ reason: String) {
        if builder.refusal == nil { builder.refusal = reason }
        if let context { xmlStopParser(context) }
    }

    fileprivate func noteError(_ error: UnsafePointer<xmlError>) {
        let level = error.pointee.level
        guard level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        errorCount += 1
        if firstError == nil {
            var message = error.pointee.message.map { String(cString: $0) } ?? "error"
            message = message.trimmingWhitespace()
            firstError = "line \(error.pointee.line): \(message)"
        }
    }

    // MARK: - The SAX handler

    fileprivate static func reader(_ ctx: UnsafeMutableRawPointer?) -> XMLFeedReader {
        Unmanaged<XMLFeedReader>.fromOpaque(ctx!).takeUnretainedValue()
    }

    static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = XML_SAX2_MAGIC
        h.startElementNs = { ctx, localname, prefix, uri, _, _, nbAttributes, _, attributes in
            guard let localname else { return }
            Unmanaged<XMLFeedReader>.fromOpaque(ctx!)._withUnsafeGuaranteedRef { reader in
                reader.withBuilder { builder in
                    guard builder.refusal == nil else { return }
                    var attrs: [FeedBuilder.Attribute] = []
                    if nbAttributes > 0, let attributes {
                        attrs.reserveCapacity(Int(nbAttributes))
                        for k in 0..<Int(nbAttributes) {
                            let p = attributes + k * 5
                            guard let aName = p[0] else { continue }
                            var value = ""
                            if let start = p[3], let end = p[4] {
                                value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                            }
                            attrs.append(FeedBuilder.Attribute(
                                local: reader.interned(aName), prefix: p[1].map { reader.interned($0) },
                                uri: p[2].map { reader.interned($0) }, value: value))
                        }
                    }
                    let name = reader.elementName(localname, prefix, uri)
                    builder.startElement(name: name.index, tag: name.tag, attributes: attrs)
                    if let refusal = builder.refusal { reader.refuse(refusal) }
                }
            }
        }
        h.endElementNs = { ctx, _, _, _ in
            Unmanaged<XMLFeedReader>.fromOpaque(ctx!)._withUnsafeGuaranteedRef { reader in
                reader.withBuilder { builder in
                    guard builder.refusal == nil else { return }
                    builder.endElement()
                }
            }
        }
        h.characters = { ctx, ch, len in
            guard let ch, len > 0 else { return }
            Unmanaged<XMLFeedReader>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
                $0.withBuilder { $0.characters(UnsafeBufferPointer(start: ch, count: Int(len))) }
            }
        }
        h.cdataBlock = { ctx, ch, len in
            guard let ch, len > 0 else { return }
            Unmanaged<XMLFeedReader>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
                $0.withBuilder { $0.characters(UnsafeBufferPointer(start: ch, count: Int(len))) }
            }
        }
        h.getEntity = { ctx, name in
            guard let name else { return nil }
            return XMLFeedReader.reader(ctx).entity(named: String(cString: name))
        }
        h.entityDecl = { ctx, name, type, publicId, systemId, content in
            guard let name else { return }
            XMLFeedReader.reader(ctx).declareEntity(
                name: String(cString: name), type: type, publicID: publicId.map { String(cString: $0) },
                systemID: systemId.map { String(cString: $0) }, content: content.map { String(cString: $0) })
        }
        h.serror = { ctx, error in
            guard let ctx, let error else { return }
            XMLFeedReader.reader(ctx).noteError(error)
        }
        return h
    }
}
