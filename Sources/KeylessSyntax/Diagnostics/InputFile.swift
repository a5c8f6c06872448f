import Foundation

/// Reads an input file defensively: only regular files (a FIFO or device would block or never end),
/// bounded in size, valid UTF-8, and with a diagnostic instead of a crash for everything else.
public enum InputFile {
    /// Largest input file Keyless reads (configuration, workflow, policy, inject target).
    public static let maxBytes = 5 * 1024 * 1024

    public static func read(_ path: String, maxBytes: Int = InputFile.maxBytes, rule: String = "read-error") -> Result<String, Diagnostic> {
        let at = SourceLocation(path: path)
        var st = stat()
        guard lstat(path, &st) == 0 else {
            return .failure(Diagnostic(at: at, "cannot read the file: \(String(cString: strerror(errno)))", rule: rule))
        }
        if st.st_mode & S_IFMT == S_IFLNK {
            // Follow the link once; ELOOP and dangling links are reported, not followed forever.
            guard stat(path, &st) == 0 else {
                let reason = errno == ELOOP ? "a loop of symbolic links" : "a symbolic link to nothing"
                return .failure(Diagnostic(at: at, "cannot read the file: \(reason)", rule: rule))
            }
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            return .failure(Diagnostic(at: at, "not a regular file", rule: rule))
        }
        guard Int(st.st_size) <= maxBytes else {
            return .failure(Diagnostic(at: at, "the file has \(st.st_size) bytes, more than the limit of \(maxBytes)", rule: "input-too-large"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Diagnostic(at: at, "cannot read the file", rule: rule))
        }
        // Validated on the bytes in place. Foundation's `String(data:encoding: .utf8)`, used before, also drops
        // a leading byte order mark; so does this (FastPathTests compares them).
        guard let text = Self.utf8Text(data) else {
            return .failure(Diagnostic(at: at, "the file is not valid UTF-8 text", rule: "input-encoding"))
        }
        if let line = Self.lineOfNUL(text) {
            return .failure(Diagnostic(at: SourceLocation(path: path, line: line), "the file contains a NUL byte (binary data?)", rule: "input-encoding"))
        }
        return .success(text)
    }

    /// The text of UTF-8 bytes without a leading byte order mark, or nil when they are not UTF-8.
    static func utf8Text(_ data: Data) -> String? {
        data.withUnsafeBytes { raw -> String? in
            var bytes = raw
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bytes = UnsafeRawBufferPointer(rebasing: raw[3...]) }
            return String(validating: bytes, as: UTF8.self)
        }
    }

    /// The line of the first NUL byte of `text`, if it has one.
    static func lineOfNUL(_ text: String) -> Int? {
        ASCIILine.withBytes(text) { b -> Int? in
            guard let nul = b.firstIndex(of: 0) else { return nil }
            return b[..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
        }
    }
}
