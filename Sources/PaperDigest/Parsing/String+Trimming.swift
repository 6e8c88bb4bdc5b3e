extension String {
    /// The string without leading and trailing ASCII whitespace (cheaper than Foundation's trim).
    func trimmingWhitespace() -> String {
        let u = utf8
        var start = u.startIndex, end = u.endIndex
        while start < end, HTMLMarkup.isSpace(u[start]) { start = u.index(after: start) }
        while end > start, HTMLMarkup.isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        if start == u.startIndex && end == u.endIndex { return self }
        return String(self[start..<end])
    }
}

extension Substring {
    func trimmingCharactersASCII() -> String { String(self).trimmingWhitespace() }
}
