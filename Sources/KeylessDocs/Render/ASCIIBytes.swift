import KeylessSyntax

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
        ASCIILine.withBytes(s) { bytes -> R? in
            for b in bytes where b >= 0x80 || b == 13 { return nil }
            return body(bytes)
        }
    }

    @inline(__always)
    static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
