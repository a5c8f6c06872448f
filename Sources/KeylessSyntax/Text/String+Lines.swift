extension String {
    /// The string without trailing newlines (libcmark ends its output with one; pages add their own).
    public func droppingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.hasSuffix("\n") { s.removeLast() }
        return String(s)
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
