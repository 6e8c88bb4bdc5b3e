/// A growable run of plain values (no references) in memory its owner manages: pushing and
/// popping skip the uniqueness checks and reference counting an `Array` stored in a class
/// pays, which the parser would pay on every element and text chunk.
///
/// A value type over shared storage: the owner keeps exactly one copy and calls
/// `deallocate()` once, in its `deinit`.
struct PlainBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "PlainBuffer index out of range")
            return base[i]
        }
        nonmutating set {
            precondition(i >= 0 && i < count, "PlainBuffer index out of range")
            base[i] = newValue
        }
    }

    /// The values, valid until the buffer next changes.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always) mutating func append(_ x: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: x)
        count += 1
    }

    mutating func append(contentsOf b: UnsafeBufferPointer<Element>) {
        guard let source = b.baseAddress, b.count > 0 else { return }
        if count + b.count > capacity { grow(to: count + b.count) }
        (base + count).initialize(from: source, count: b.count)
        count += b.count
    }

    mutating func append<S: Sequence>(contentsOf s: S) where S.Element == Element {
        let done: Void? = s.withContiguousStorageIfAvailable { append(contentsOf: $0) }
        if done == nil { for x in s { append(x) } }
    }

    @discardableResult mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast on an empty PlainBuffer")
        count -= 1
        return base[count]
    }

    mutating func removeAll() { count = 0 }

    private mutating func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

extension PlainBuffer where Element == UInt8 {
    /// Appends `s`'s UTF-8 bytes.
    mutating func append(utf8 s: String) {
        var s = s
        s.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends `bytes` with `&`, `<` and `>` written as entities.
    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        for ch in bytes {
            switch ch {
            case UInt8(ascii: "&"): append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): append(contentsOf: "&gt;".utf8)
            default: append(ch)
            }
        }
    }
}
