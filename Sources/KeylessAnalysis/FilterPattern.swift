/// GitHub's branch and tag filter patterns (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet):
/// `*` is any run of characters except `/`, `**` any run at all, `?` zero or one of the preceding character,
/// `+` one or more of it, `[…]` one character of a set or range, `\` escapes; a leading `!` negates (the
/// caller handles it, as it depends on the order of the list).
enum FilterPattern {
    /// A name with none of the special characters stands for exactly one ref.
    static func isLiteral(_ pattern: String) -> Bool {
        !pattern.contains { "*?+[]!\\".contains($0) }
    }

    static func matches(_ name: String, pattern: String) -> Bool {
        guard let regex = try? Regex(regexSource(pattern)) else { return false }
        return (try? regex.wholeMatch(in: name)) != nil
    }

    /// The pattern as a regular expression: GitHub's `?` and `+` are already the regex quantifiers.
    static func regexSource(_ pattern: String) -> String {
        var out = "", chars = Array(pattern), i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                if i + 1 < chars.count, chars[i + 1] == "*" { out += ".*"; i += 1 } else { out += "[^/]*" }
            case "?", "+":
                out.append(c)
            case "[":
                // A set or range is copied up to its `]`; an unclosed one is a literal bracket.
                if let close = chars[(i + 1)...].firstIndex(of: "]") {
                    out += "[" + String(chars[(i + 1)..<close]).replacingOccurrences(of: "\\", with: "\\\\") + "]"
                    i = close
                } else {
                    out += "\\["
                }
            case "\\":
                if i + 1 < chars.count { i += 1; out += escape(chars[i]) } else { out += "\\\\" }
            default:
                out += escape(c)
            }
            i += 1
        }
        return out
    }

    static func escape(_ c: Character) -> String {
        "\\^$.|?*+()[]{}/-".contains(c) ? "\\\(c)" : String(c)
    }
}
