/// A line of a script lowered once for case-insensitive searches of ASCII words, when the line is ASCII.
/// `lowercased()` and Foundation's `contains` per word dominated `check` and `audit` (a profile of the
/// benchmark corpus: a third of their time); this searches the bytes. A line with any
/// non-ASCII byte is nil, so callers keep the Unicode path and the result is the same for every input.
public struct ASCIILine: Sendable {
    public let lower: [UInt8]

    public init?(_ line: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count)
        for b in line.utf8 {
            guard b < 0x80 else { return nil }
            bytes.append(b >= 65 && b <= 90 ? b + 32 : b)
        }
        lower = bytes
    }

    /// Whether the lowered line contains `word` (ASCII, given in lower case).
    public func contains(_ word: String) -> Bool {
        let needle = Array(word.utf8)
        guard let first = needle.first else { return true }
        let n = needle.count, count = lower.count
        guard n <= count else { return false }
        return lower.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { w in
                var i = 0
                let last = count - n
                while i <= last {
                    if hay[i] == first {
                        var j = 1
                        while j < n && hay[i + j] == w[j] { j += 1 }
                        if j == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// The runs of bytes for which `isTokenByte` holds, as strings (ASCII, so each byte is a character).
    public static func tokens(_ line: String, minimumLength: Int, isTokenByte: (UInt8) -> Bool) -> [String]? {
        var out: [String] = []
        var start = -1
        var i = 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count)
        for b in line.utf8 {
            guard b < 0x80 else { return nil }
            bytes.append(b)
        }
        func flush(_ end: Int) {
            if start >= 0, end - start >= minimumLength { out.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
            start = -1
        }
        while i < bytes.count {
            if isTokenByte(bytes[i]) { if start < 0 { start = i } } else { flush(i) }
            i += 1
        }
        flush(bytes.count)
        return out
    }
}
