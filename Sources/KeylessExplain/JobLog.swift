import Foundation

/// A job log read line by line: GitHub's raw log (`2026-11-30T12:00:01.1234567Z ` timestamps, `##[error]`,
/// `##[group]`), the workflow commands an action writes (`::error::`), or lines pasted from the web page.
public struct JobLog: Sendable {
    public struct Line: Hashable, Sendable {
        /// 1-based line number in the input.
        public var number: Int
        /// The text as GitHub shows it: timestamp gone, `##[error]X` and `::error::X` as `Error: X`.
        public var text: String
        /// An error annotation (`##[error]`, `::error`, or a shown `Error: ` line).
        public var isError: Bool
    }

    public var lines: [Line]
    /// The configure-aws-credentials release the log names (`uses: …@v4`, `Run …@v4.3.1`,
    /// `Download action repository 'aws-actions/configure-aws-credentials@v6.2.3'`), with its line.
    public var actionVersion: (tag: String, line: Int)?

    public var errors: [Line] { lines.filter(\.isError) }

    public init(_ text: String) {
        var out: [Line] = []
        var version: (String, Int)?
        var number = 0
        // "\r\n" is one Character in Swift: split on both forms.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var s = String(raw)
            if s.hasSuffix("\r") { s.removeLast() }
            if number == 1, s.hasPrefix("\u{FEFF}") { s.removeFirst() }
            s = Self.dropTimestamp(s)
            if version == nil, let tag = Self.version(in: s) { version = (tag, number) }
            guard let line = Self.shown(s) else { continue }
            if line.text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            out.append(Line(number: number, text: line.text, isError: line.isError))
        }
        lines = out
        actionVersion = version
    }

    /// `2026-11-30T12:00:01.1234567Z ` (or without fraction) at the start of the line.
    static func dropTimestamp(_ s: String) -> String {
        let c = Array(s.utf8)
        guard c.count >= 20 else { return s }
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { c[$0] >= 48 && c[$0] <= 57 } }
        guard digits(0..<4), c[4] == 45, digits(5..<7), c[7] == 45, digits(8..<10), c[10] == 84,
              digits(11..<13), c[13] == 58, digits(14..<16), c[16] == 58, digits(17..<19) else { return s }
        var i = 19
        if i < c.count, c[i] == 46 { i += 1; while i < c.count, c[i] >= 48, c[i] <= 57 { i += 1 } }
        guard i < c.count, c[i] == 90 else { return s }
        i += 1
        if i < c.count, c[i] == 32 { i += 1 }
        return String(decoding: c[i...], as: UTF8.self)
    }

    /// What the web page shows for one log line; nil for lines it hides (debug, masks, endgroup, commands).
    static func shown(_ s: String) -> (text: String, isError: Bool)? {
        if s.hasPrefix("##[") {
            guard let close = s.firstIndex(of: "]") else { return (s, false) }
            let command = s[s.index(s.startIndex, offsetBy: 3)..<close].split(separator: " ").first.map(String.init) ?? ""
            let message = String(s[s.index(after: close)...])
            switch command {
            case "error": return ("Error: " + message, true)
            case "warning": return ("Warning: " + message, false)
            case "notice": return ("Notice: " + message, false)
            case "group", "section", "command": return (message, false)
            default: return nil  // endgroup, debug
            }
        }
        if s.hasPrefix("::") {
            let rest = s.dropFirst(2)
            guard let end = rest.range(of: "::") else { return (s, false) }
            let command = rest[..<end.lowerBound].split(separator: " ").first.map(String.init) ?? ""
            let message = String(rest[end.upperBound...])
                .replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
                .replacingOccurrences(of: "%25", with: "%")
            switch command {
            case "error": return ("Error: " + message, true)
            case "warning": return ("Warning: " + message, false)
            case "notice": return ("Notice: " + message, false)
            default: return nil  // debug, add-mask, set-output, group, …
            }
        }
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        return (s, trimmed.hasPrefix("Error: ") || trimmed.hasPrefix("##[error]"))
    }

    /// `aws-actions/configure-aws-credentials@vN[.N.N]` anywhere in the line.
    static func version(in s: String) -> String? {
        guard let r = s.range(of: "aws-actions/configure-aws-credentials@v") else { return nil }
        var tag = "v"
        for ch in s[r.upperBound...] {
            guard ch.isNumber || ch == "." else { break }
            tag.append(ch)
        }
        while tag.hasSuffix(".") { tag.removeLast() }
        return ActionTag.numbers(tag) == nil ? nil : tag
    }
}
