// A guard against the one input that makes libxml2's HTML parser slow.
//
// libxml2 (2.9) compares each attribute of a start tag with every earlier one, so a start
// tag with k attributes costs k²: a stray `<` before a long run of words ("$x<y$ and we
// show …") makes every later word an attribute, and half a megabyte of them took over a
// minute. Before parsing, the input is read the way libxml2's tokenizer reads it (text,
// comments, script and style text, end tags, processing instructions, doctypes, and start
// tags with quoted, unquoted and junk attributes) and any start tag with more than
// `attributeLimit` name-like runs is written as text: its `<`, and every `<` inside it,
// becomes `&lt;`. Counting every name-like run in the tag, quoted or not, and escaping
// every `<` inside a flooded one, covers a tag that libxml2 starts where this pass saw none.

extension HTMLSanitizer {
    /// Start tags with more name-like runs than this are read as text. Real tags have a
    /// handful of attributes; a long `alt` or `title` has a few dozen words.
    static let attributeLimit = 256

    /// Appends `input` to `output` without NUL bytes and with attribute floods defused.
    static func appendDefusingAttributeFloods(_ input: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let count = input.count
        func at(_ index: Int) -> UInt8 { index < count ? input[index] : 0 }
        func indexAfter(_ byte: UInt8, from start: Int) -> Int {
            var index = start
            while index < count, input[index] != byte { index += 1 }
            return index < count ? index + 1 : count
        }
        func copy(_ range: Range<Int>) {
            for index in range where input[index] != 0 { output.append(input[index]) }
        }

        var index = 0
        while index < count {
            let byte = input[index]
            guard byte == 0x3C else {  // text up to the next < or NUL, in one go
                var end = index
                while end < count, input[end] != 0x3C, input[end] != 0 { end += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
                index = end < count && input[end] == 0 ? end + 1 : end
                continue
            }
            let next = at(index + 1)
            var end = index + 1  // what libxml2 reads as one construct: copied as it is
            if isASCIILetter(next) {
                index = appendStartTag(input, from: index, to: &output)
                continue
            } else if next == 0x21, at(index + 2) == 0x2D, at(index + 3) == 0x2D {  // <!-- to -->, or to the end
                end = index + 4
                while end < count, !(input[end] == 0x3E && input[end - 1] == 0x2D && input[end - 2] == 0x2D && end - 2 >= index + 4) {
                    end += 1
                }
                end = min(end + 1, count)
            } else if next == 0x21, matchesDoctype(input, at: index + 2) {  // <!DOCTYPE to the first >
                end = indexAfter(0x3E, from: index + 2)
            } else if next == 0x3F, isNameStart(at(index + 2)) {  // <?target to the first >
                end = indexAfter(0x3E, from: index + 2)
            } else if next == 0x2F, isASCIILetter(at(index + 2)) {  // </name to the first >
                end = indexAfter(0x3E, from: index + 2)
            }
            copy(index..<end)
            index = end
        }
    }

    /// Reads the start tag at `start` (a `<` and a letter) as libxml2 does, appends it (or its
    /// text, when flooded) and, after `<script>` or `<style>`, their raw text; returns where
    /// reading goes on.
    private static func appendStartTag(_ input: UnsafeBufferPointer<UInt8>, from start: Int, to output: inout [UInt8]) -> Int {
        let count = input.count
        func at(_ index: Int) -> UInt8 { index < count ? input[index] : 0 }

        // The name: libxml2 reads at most 100 name characters; the rest reads as attributes.
        var index = start + 1
        while index < count, isNameCharacter(input[index]), index - start <= 100 { index += 1 }
        let name = input[(start + 1)..<index]

        enum State { case beforeAttribute, name, afterName, beforeValue, unquoted, quoted(UInt8), junk }
        var state = State.beforeAttribute
        var end = count
        scan: while index < count {
            let byte = input[index]
            switch state {
            case .beforeAttribute:
                if byte == 0x3E { end = index + 1; break scan }
                if byte == 0x2F, at(index + 1) == 0x3E { end = index + 2; break scan }
                state = isBlank(byte) ? .beforeAttribute : isNameStart(byte) ? .name : .junk
                index += 1
            case .name:
                if isNameCharacter(byte) { index += 1 } else { state = .afterName }
            case .afterName:
                if isBlank(byte) {
                    index += 1
                } else if byte == 0x3D {  // =
                    state = .beforeValue
                    index += 1
                } else {
                    state = .beforeAttribute
                }
            case .beforeValue:
                if isBlank(byte) {
                    index += 1
                } else if byte == 0x22 || byte == 0x27 {
                    state = .quoted(byte)
                    index += 1
                } else {
                    state = .unquoted
                }
            case .unquoted:
                if isBlank(byte) || byte == 0x3E { state = .beforeAttribute } else { index += 1 }
            case .quoted(let quote):
                if byte == quote { state = .beforeAttribute }
                index += 1
            case .junk:
                if isBlank(byte) || byte == 0x3E || (byte == 0x2F && at(index + 1) == 0x3E) {
                    state = .beforeAttribute
                } else {
                    index += 1
                }
            }
        }

        // libxml2 starts an attribute name after a blank or a closing quote, and splits names
        // every 100 characters; count every such run in the tag, in quotes or not, so a tag
        // libxml2 reads where this pass reads a quoted value is counted too. Runs inside a
        // base64 `data:` URL follow `+`, `/` or a letter, and do not count.
        var runs = 0
        var runLength = 0
        var previous: UInt8 = 0x20
        for byte in input[(start + 1)..<end] {
            if runLength > 0, isNameCharacter(byte) {
                runLength += 1
                if runLength % 100 == 0 { runs += 1 }
            } else if isNameStart(byte), runLength == 0,
                      isBlank(previous) || previous == 0x22 || previous == 0x27 {
                runs += 1
                runLength = 1
            } else {
                runLength = 0
            }
            previous = byte
        }

        if runs > attributeLimit {
            for byte in input[start..<end] where byte != 0 {
                if byte == 0x3C { output.append(contentsOf: "&lt;".utf8) } else { output.append(byte) }
            }
            return end
        }
        for byte in input[start..<end] where byte != 0 { output.append(byte) }

        // libxml2 reads script and style content as text up to `</name` and a non-name byte.
        guard isRawTextElement(name) else { return end }
        var index2 = end
        while index2 < count {
            if input[index2] == 0x3C, at(index2 + 1) == 0x2F, matchesName(name, in: input, at: index2 + 2),
               !isNameCharacter(at(index2 + 2 + name.count)) {
                break
            }
            index2 += 1
        }
        for byte in input[end..<index2] where byte != 0 { output.append(byte) }
        return index2
    }

    private static func isRawTextElement(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let lower = name.map(asciiLowercased)
        return lower.elementsEqual("script".utf8) || lower.elementsEqual("style".utf8)
    }

    private static func matchesName(_ name: Slice<UnsafeBufferPointer<UInt8>>, in input: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + name.count <= input.count else { return false }
        for (offset, byte) in name.enumerated() where asciiLowercased(input[start + offset]) != asciiLowercased(byte) {
            return false
        }
        return true
    }

    private static func matchesDoctype(_ input: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + 7 <= input.count else { return false }
        return zip(input[start..<(start + 7)], "doctype".utf8).allSatisfy { asciiLowercased($0) == $1 }
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// What libxml2's HTML parser accepts as the first character of a name.
    static func isNameStart(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || byte == 0x5F || byte == 0x3A || byte == 0x2E
    }

    static func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
