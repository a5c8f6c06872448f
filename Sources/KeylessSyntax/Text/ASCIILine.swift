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
        lower.withUnsafeBufferPointer { hay in
            Self.withBytes(word) { Self.find($0, in: hay, lowering: false) }
        }
    }

    /// Whether ASCII `text` contains `word` (ASCII, in lower case) in any case; nil when `text` is not
    /// ASCII, so the caller decides the Unicode way. Nothing is copied or allocated.
    public static func containsIgnoringCase(_ text: String, _ word: String) -> Bool? {
        withBytes(text) { hay in
            guard !hay.contains(where: { $0 >= 0x80 }) else { return nil }
            return withBytes(word) { find($0, in: hay, lowering: true) }
        }
    }

    /// Whether `text` contains `word` byte for byte (Foundation's `contains`, which `import Foundation` puts
    /// on every String of a module, compares Unicode-aware through CFString: a tenth of the analyzer's time).
    public static func containsBytes(_ text: String, _ word: String) -> Bool {
        withBytes(text) { hay in withBytes(word) { find($0, in: hay, lowering: false) } }
    }

    /// The runs of bytes for which `isTokenByte` holds, as strings (ASCII, so each byte is a character).
    public static func tokens(_ line: String, minimumLength: Int, isTokenByte: (UInt8) -> Bool) -> [String]? {
        withBytes(line) { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var out: [String] = []
            var start = -1
            func flush(_ end: Int) {
                if start >= 0, end - start >= minimumLength {
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
                start = -1
            }
            var i = 0
            while i < bytes.count {
                if isTokenByte(bytes[i]) { if start < 0 { start = i } } else { flush(i) }
                i += 1
            }
            flush(bytes.count)
            return out
        }
    }

    /// The UTF-8 bytes of `s` in place when the string is stored contiguously (native strings and
    /// literals are), else copied once.
    public static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(s.utf8).withUnsafeBufferPointer(body)
    }

    /// Whether `hay` contains `needle`; with `lowering`, `hay`'s ASCII capitals are compared lowered.
    public static func find(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, lowering: Bool) -> Bool {
        guard let first = needle.first else { return true }
        let n = needle.count, count = hay.count
        guard n <= count else { return false }
        @inline(__always) func at(_ i: Int) -> UInt8 {
            let b = hay[i]
            return lowering && b >= 65 && b <= 90 ? b + 32 : b
        }
        var i = 0
        let last = count - n
        while i <= last {
            if at(i) == first {
                var j = 1
                while j < n && at(i + j) == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }
}
