/// Shell commands as text and back, for the CLI snippets: one command per line, long ones continued with `\`.
public enum ShellScript {
    public static func text(_ commands: [ShellCommand]) -> String {
        var out = ""
        for (i, c) in commands.enumerated() {
            if i > 0 { out += "\n" }
            if let comment = c.comment { out += "# \(comment)\n" }
            // Options start a continuation line, so each flag reads on its own line.
            var line = ""
            for (j, w) in c.words.enumerated() {
                let q = quote(w)
                if j == 0 { line = q } else if w.hasPrefix("--") { line += " \\\n  " + q } else { line += " " + q }
            }
            out += line + "\n"
        }
        return out
    }

    /// Single-quotes a word unless it is made only of characters the shell never treats specially.
    public static func quote(_ w: String) -> String {
        let safe = !w.isEmpty && w.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || "-_./:=,@+%".contains($0) }
        return safe ? w : "'" + w.replacingAll("'", with: "'\\''") + "'"
    }

    /// Splits text written by `text(_:)` back into commands (the parse-back of shell snippets).
    /// It understands exactly what `text` writes: comments, `\` continuations and single quotes.
    public static func parse(_ text: String) -> [ShellCommand]? {
        var commands: [ShellCommand] = []
        var pendingComment: String?
        var logical = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if logical.isEmpty, line.hasPrefix("# ") { pendingComment = String(line.dropFirst(2)); continue }
            if logical.isEmpty, line.isEmpty { continue }
            if line.hasSuffix(" \\") {
                logical += line.dropLast(2) + " "
                continue
            }
            logical += line
            guard let words = splitWords(logical) else { return nil }
            commands.append(ShellCommand(words, comment: pendingComment))
            pendingComment = nil
            logical = ""
        }
        return logical.isEmpty && pendingComment == nil ? commands : nil
    }

    public static func splitWords(_ s: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if quoted {
                if c == "'" { quoted = false } else { current.append(c) }
            } else if c == "'" {
                quoted = true
                inWord = true
            } else if c == "\\", s.index(after: i) < s.endIndex, s[s.index(after: i)] == "'" {
                current.append("'")
                inWord = true
                i = s.index(after: i)
            } else if c == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
            i = s.index(after: i)
        }
        if quoted { return nil }
        if inWord { words.append(current) }
        return words
    }
}
