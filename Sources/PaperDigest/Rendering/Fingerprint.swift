import Foundation

/// A 64-bit FNV-1a digest that is the same in every process (unlike `Hasher`), used to
/// tell whether a page's model, and so its bytes, changed since the last render.
struct Fingerprint: Sendable, Hashable, CustomStringConvertible {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}

    init<T: Encodable>(of model: T, seed: Fingerprint = Fingerprint()) {
        let encoder = FingerprintEncoder(box: FingerprintBox(seed))
        try? model.encode(to: encoder)
        self = encoder.box.fingerprint
    }

    /// Eight bytes at a time (FNV's multiply with a shift to spread high bits), then byte by byte.
    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        var i = 0
        let count = bytes.count
        while i + 8 <= count {
            h ^= UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h &*= 0x0000_0100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        while i < count {
            h ^= UInt64(bytes[i])
            h &*= 0x0000_0100_0000_01b3
            i += 1
        }
        value = h
    }

    mutating func combine(_ string: String) {
        var s = string
        s.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
        combine(UInt64(0xff))  // a separator no UTF-8 text contains
    }

    mutating func combine(_ n: UInt64) {
        withUnsafeBytes(of: n.littleEndian) { combine($0) }
    }

    mutating func combine(_ data: Data) {
        data.withUnsafeBytes { combine($0) }
    }

    var description: String { Self.hex(value) }

    /// 16 hexadecimal digits.
    static func hex(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

final class FingerprintBox {
    var fingerprint: Fingerprint
    init(_ seed: Fingerprint) { fingerprint = seed }

    /// Cards carry the fingerprint of their content (a card appears on an item page and on
    /// digest, topic and source pages): a card, or a list of them, is combined from it rather
    /// than encoded field by field. Checked by type, not by a cast to a protocol, which cost
    /// a conformance lookup for every value of every model.
    ///
    /// - Returns: whether `value` was a card or a list of cards.
    @inline(__always)
    func combineKnown<T>(_ value: T) -> Bool {
        if T.self == CardView.self {
            let known = withUnsafePointer(to: value) {
                $0.withMemoryRebound(to: CardView.self, capacity: 1) { $0.pointee.precomputedFingerprint }
            }
            fingerprint.combine(known ?? (value as! CardView).contentFingerprint().value)
            return true
        }
        if T.self == [CardView].self {
            let cards = value as! [CardView]
            fingerprint.combine(UInt64(2))  // as an unkeyed container would
            for card in cards {
                fingerprint.combine(UInt64(3))
                fingerprint.combine(card.precomputedFingerprint ?? card.contentFingerprint().value)
            }
            return true
        }
        return false
    }
}

/// An `Encoder` that feeds every key and value into a `Fingerprint` instead of writing them.
///
/// A `Dictionary` encodes in its iteration order, which changes from one process to the next:
/// never fingerprint a model holding one (sort it into an array first), or every page
/// holding it is rendered again at every run.
struct FingerprintEncoder: Encoder {
    let box: FingerprintBox
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.fingerprint.combine(UInt64(1))
        return KeyedEncodingContainer(Keyed<Key>(box: box))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.fingerprint.combine(UInt64(2))
        return Unkeyed(box: box)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box) }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: FingerprintBox
        var codingPath: [any CodingKey] = []
        mutating func encodeNil(forKey key: Key) { box.fingerprint.combine(key.stringValue); box.fingerprint.combine(UInt64(0)) }
        mutating func encode(_ value: Bool, forKey key: Key) { box.fingerprint.combine(key.stringValue); box.fingerprint.combine(value ? 1 : 0) }
        mutating func encode(_ value: String, forKey key: Key) { box.fingerprint.combine(key.stringValue); box.fingerprint.combine(value) }
        mutating func encode(_ value: Double, forKey key: Key) { box.fingerprint.combine(key.stringValue); box.fingerprint.combine(value.bitPattern) }
        mutating func encode(_ value: Int, forKey key: Key) { box.fingerprint.combine(key.stringValue); box.fingerprint.combine(UInt64(bitPattern: Int64(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) { box.fingerprint.combine(key.stringValue); box.fingerprint.combine(UInt64(bitPattern: value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            box.fingerprint.combine(key.stringValue)
            if box.combineKnown(value) { return }
            try value.encode(to: FingerprintEncoder(box: box))
        }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) {
            box.fingerprint.combine(key.stringValue)
            if let value { box.fingerprint.combine(value) } else { box.fingerprint.combine(UInt64(0)) }
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            box.fingerprint.combine(key.stringValue)
            return KeyedEncodingContainer(Keyed<N>(box: box))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            box.fingerprint.combine(key.stringValue)
            return Unkeyed(box: box)
        }
        mutating func superEncoder() -> any Encoder { FingerprintEncoder(box: box) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { FingerprintEncoder(box: box) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: FingerprintBox
        var codingPath: [any CodingKey] = []
        var count = 0
        mutating func encodeNil() { count += 1; box.fingerprint.combine(UInt64(0)) }
        mutating func encode(_ value: String) { count += 1; box.fingerprint.combine(value) }
        mutating func encode(_ value: Bool) { count += 1; box.fingerprint.combine(value ? 1 : 0) }
        mutating func encode(_ value: Int) { count += 1; box.fingerprint.combine(UInt64(bitPattern: Int64(value))) }
        mutating func encode(_ value: Double) { count += 1; box.fingerprint.combine(value.bitPattern) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            count += 1
            box.fingerprint.combine(UInt64(3))
            if box.combineKnown(value) { return }
            try value.encode(to: FingerprintEncoder(box: box))
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type) -> KeyedEncodingContainer<N> {
            count += 1
            return KeyedEncodingContainer(Keyed<N>(box: box))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { count += 1; return Unkeyed(box: box) }
        mutating func superEncoder() -> any Encoder { FingerprintEncoder(box: box) }
    }

    struct Single: SingleValueEncodingContainer {
        let box: FingerprintBox
        var codingPath: [any CodingKey] = []
        mutating func encodeNil() { box.fingerprint.combine(UInt64(0)) }
        mutating func encode(_ value: Bool) { box.fingerprint.combine(value ? 1 : 0) }
        mutating func encode(_ value: String) { box.fingerprint.combine(value) }
        mutating func encode(_ value: Double) { box.fingerprint.combine(value.bitPattern) }
        mutating func encode(_ value: Float) { box.fingerprint.combine(UInt64(value.bitPattern)) }
        mutating func encode(_ value: Int) { box.fingerprint.combine(UInt64(bitPattern: Int64(value))) }
        mutating func encode(_ value: Int64) { box.fingerprint.combine(UInt64(bitPattern: value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            if box.combineKnown(value) { return }
            try value.encode(to: FingerprintEncoder(box: box))
        }
    }
}
