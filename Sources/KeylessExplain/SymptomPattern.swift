import Foundation

/// A symptom line as a pattern, derived from its verbatim text in one documented way:
///
/// 1. A leading `Error: ` is dropped from the line (GitHub shows `::error::X` and `##[error]X` as
///    `Error: X`, and tools that wrap the message prepend their own words before it).
/// 2. The parts that vary between runs become gaps: URLs, ARNs, quoted values (`'…'`, `"…"`), AWS
///    region names, AWS ids (`AKIA…`, `AROA…`, `ASIA…`), masked values (`***`) and numbers (account ids,
///    durations). Everything between the gaps is literal: the line's stable segments.
/// 3. A log line *fits* the pattern when it contains every segment in order (anything in the gaps), and
///    *fits its core* when it contains the longest segment (at least `coreMinimum` characters): that
///    catches the same message from an older release or another tool that words its prefix differently.
///
/// A line identical to the verbatim one (its variable parts included) fits *exactly*, which ranks above a
/// full fit: GitHub's own issuer URL, say, is the same in every run that prints it.
///
/// No entry has its own regular expression: a new entry's lines become patterns by these rules.
public struct SymptomPattern: Hashable, Sendable {
    public var segments: [String]
    /// The verbatim line without its `Error: ` prefix.
    public var message: String

    public static let coreMinimum = 24

    public init(_ verbatim: String) {
        message = Self.message(verbatim)
        segments = Self.split(message)
    }

    public enum Fit: Int, Comparable, Sendable {
        case core = 1, full = 2, exact = 3
        public static func < (a: Fit, b: Fit) -> Bool { a.rawValue < b.rawValue }
    }

    /// The longest literal segment.
    public var core: String { segments.max { $0.count < $1.count } ?? "" }

    /// How a (normalised) log line fits, or nil.
    public func fit(_ line: String) -> Fit? {
        let text = Self.message(line)
        guard !segments.isEmpty else { return nil }
        if text == message { return .exact }
        var rest = text[...]
        var all = true
        for s in segments {
            guard let r = rest.range(of: s) else { all = false; break }
            rest = rest[r.upperBound...]
        }
        if all { return .full }
        let c = core
        if c.count >= Self.coreMinimum, text.contains(c) { return .core }
        return nil
    }

    /// The message without GitHub's `Error: ` annotation prefix.
    static func message(_ line: String) -> String {
        var s = line.trimmingCharacters(in: .whitespaces)
        for p in ["Error: ", "Error:"] where s.hasPrefix(p) { s = String(s.dropFirst(p.count)); break }
        return s
    }

    /// Splits at the variable parts; segments keep their surrounding spaces and punctuation.
    static func split(_ text: String) -> [String] {
        let chars = Array(text)
        var segments: [String] = [], current = ""
        var i = 0
        func flush() {
            if !current.trimmingCharacters(in: .whitespaces).isEmpty { segments.append(current) }
            current = ""
        }
        while i < chars.count {
            if let end = variableEnd(chars, at: i) {
                flush()
                i = end
            } else {
                current.append(chars[i])
                i += 1
            }
        }
        flush()
        return segments
    }

    /// The end of a variable part starting at `i`, or nil when none starts there. A part starts only at a
    /// word boundary, so `sts:AssumeRole` or `v4` inside a word stays literal.
    static func variableEnd(_ c: [Character], at i: Int) -> Int? {
        if i > 0, c[i - 1].isLetter || c[i - 1].isNumber { return nil }
        func token(from j: Int, stop: (Character) -> Bool) -> Int {
            var k = j
            while k < c.count, !stop(c[k]) { k += 1 }
            // A sentence's full stop or comma after a value is not part of it.
            while k > j, ".,;:)".contains(c[k - 1]) { k -= 1 }
            return k
        }
        let rest = String(c[i..<min(c.count, i + 8)])
        let spaceOrQuote: (Character) -> Bool = { $0 == " " || $0 == "'" || $0 == "\"" || $0 == "`" }
        if rest.hasPrefix("http://") || rest.hasPrefix("https://") || rest.hasPrefix("arn:") {
            return token(from: i, stop: spaceOrQuote)
        }
        if c[i] == "'" || c[i] == "\"" {
            if let close = c[(i + 1)...].firstIndex(of: c[i]) { return close + 1 }
            return nil
        }
        if c[i] == "*" {
            var k = i
            while k < c.count, c[k] == "*" { k += 1 }
            return k - i >= 3 ? k : nil
        }
        if c[i].isNumber {
            var k = i
            while k < c.count, c[k].isNumber { k += 1 }
            if k < c.count, c[k].isLetter { return nil }
            return k
        }
        // AWS ids: four capitals (AKIA, AROA, ASIA, …) then at least twelve capitals or digits.
        if c[i].isUppercase {
            var k = i
            while k < c.count, c[k].isUppercase || c[k].isNumber { k += 1 }
            if k - i >= 16, c[i..<(i + 4)].allSatisfy(\.isLetter) { return k }
        }
        // Region names: letters-letters-digit (us-east-1, eu-central-2, US-EAST-1, cn-north-1).
        if c[i].isLetter {
            var k = i, parts = 0, ok = true
            while ok {
                var j = k
                while j < c.count, c[j].isLetter { j += 1 }
                if j == k { ok = false; break }
                parts += 1
                guard j < c.count, c[j] == "-" else { ok = false; break }
                k = j + 1
                if k < c.count, c[k].isNumber, parts >= 2, parts <= 3 {
                    var e = k
                    while e < c.count, c[e].isNumber { e += 1 }
                    if e == c.count || !(c[e].isLetter || c[e] == "-") { return e }
                    ok = false
                }
            }
        }
        return nil
    }
}
