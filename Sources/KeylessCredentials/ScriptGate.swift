import KeylessSyntax

/// The test that lets `CredentialsAnalyzer.script` pass over a line that cannot matter, on its bytes,
/// without making a String of it. Most script lines (`npm ci`, `make test`) name nothing the analyzer
/// looks for: a profile of the benchmark corpus had making, lowering and searching them at a quarter
/// of the credentials walk.
///
/// A line is quiet when it is ASCII, contains none of the words every script test contains (`aws`,
/// `github_env`, `${{`, `assume-role`, `get-session-token`, in any case), and has no run of 20 key
/// characters (`[A-Za-z0-9/+]`), the shortest a literal key id can be. For a quiet line every test in
/// `script` is false, so it adds no entry and no role; any other line takes the full path.
enum ScriptGate {
    private static let words: [[UInt8]] = ["aws", "github_env", "${{", "assume-role", "get-session-token"].map { Array($0.utf8) }
    /// The shortest token `CredentialsAnalyzer.containsLiteralKey` reads (a key id's length), and the
    /// bytes a token is made of: the one definition both use.
    static let shortestKeyToken = 20

    static func isQuiet(_ line: Substring) -> Bool {
        if let r = line.utf8.withContiguousStorageIfAvailable(isQuiet) { return r }
        return Array(line.utf8).withUnsafeBufferPointer(isQuiet)
    }

    static func isQuiet(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var run = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b >= 0x80 { return false }
            if isKeyByte(b) {
                run += 1
                if run >= shortestKeyToken { return false }
            } else {
                run = 0
            }
            let lower = b >= 65 && b <= 90 ? b + 32 : b
            // Each word starts with `a`, `g` or `$`: only those bytes begin a comparison.
            if lower == 97 || lower == 103 || lower == 36 {
                for w in words where w[0] == lower && matches(w, bytes, at: i) { return false }
            }
            i += 1
        }
        return true
    }

    @inline(__always) static func isKeyByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 47 || b == 43
    }

    private static func matches(_ word: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + word.count <= bytes.count else { return false }
        for j in 1..<word.count {
            let b = bytes[i + j]
            if (b >= 65 && b <= 90 ? b + 32 : b) != word[j] { return false }
        }
        return true
    }
}
