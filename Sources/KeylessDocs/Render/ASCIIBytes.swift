/// Byte-level fast paths for the text helpers of the renderers.
///
/// A Character of a Swift string is one byte exactly when the string is ASCII and has no carriage
/// return (`"\r\n"` is one Character). For such strings a loop over bytes gives the same result as the
/// loop over Characters it replaces; any other string takes the Character loop, so results never differ.
enum ASCIIBytes {
    /// `body` over the string's UTF-8 bytes when every Character is one ASCII byte (no byte ≥ 0x80 and no
    /// CR), else nil. `body` may itself return nil to fall back.
    @inline(__always)
    static func simple<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R? {
        var s = s
        return s.withUTF8 { bytes -> R? in
            for b in bytes where b >= 0x80 || b == 13 { return nil }
            return body(bytes)
        }
    }

    /// Whether every Character of `s` is one ASCII byte (see `simple`).
    @inline(__always)
    static func isSimple(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in !bytes.contains { $0 >= 0x80 || $0 == 13 } }
    }

    @inline(__always)
    static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// How many leading bytes remain when trailing `"\n"` Characters are dropped: a line feed is always
    /// a Character of its own except after a carriage return (`"\r\n"`, which is not `"\n"`), so this is
    /// exactly `String.droppingTrailingNewlines()` (KeylessSyntax) counted in bytes.
    @inline(__always)
    static func countWithoutTrailingNewlines(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var end = b.count
        while end > 0, b[end - 1] == 10, !(end >= 2 && b[end - 2] == 13) { end -= 1 }
        return end
    }

    /// `String.droppingTrailingNewlines()` on bytes; the string itself when it has none.
    static func droppingTrailingNewlines(_ s: String) -> String {
        var s = s
        return s.withUTF8 { b in
            let end = countWithoutTrailingNewlines(b)
            return end == b.count ? nil : String(decoding: UnsafeBufferPointer(rebasing: b[0..<end]), as: UTF8.self)
        } ?? s
    }
}
