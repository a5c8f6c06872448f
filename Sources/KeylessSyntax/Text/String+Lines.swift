extension String {
    /// The string without trailing newlines (libcmark ends its output with one; pages add their own).
    /// Counted on bytes, with no copy when there is nothing to drop: a line feed is a Character of its own
    /// except after a carriage return ("\r\n" is one Character, which is not "\n", and stays).
    public func droppingTrailingNewlines() -> String {
        let end = ASCIILine.withBytes(self) { $0.countWithoutTrailingNewlines }
        return end == utf8.count ? self : String(decoding: utf8.prefix(end), as: UTF8.self)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// How many bytes remain when the trailing "\n" Characters are dropped (see `droppingTrailingNewlines`).
    public var countWithoutTrailingNewlines: Int {
        var end = count
        while end > 0, self[end - 1] == 10, !(end >= 2 && self[end - 2] == 13) { end -= 1 }
        return end
    }
}

extension String {
    /// The lines of the text split at `\n` bytes, empty ones kept. Splitting on Characters is far
    /// slower, and a `\n` byte is always its own line break in UTF-8 (CRLF stays on the line as `\r`).
    public func byteLines() -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        for b in utf8 {
            if b == 10 {
                out.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(b)
            }
        }
        out.append(String(decoding: current, as: UTF8.self))
        return out
    }
}
