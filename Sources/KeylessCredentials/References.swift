import KeylessSyntax
import Yams

/// The context references inside the `${{ … }}` expressions of a value that can carry a credential.
enum References: Hashable {
    case secret(String)
    case variable(String)
    case env(String)
    case stepOutput(step: String, output: String)
    case input(String)

    var isSecret: Bool {
        if case .secret = self { return true }
        return false
    }

    /// Every reference in the expressions of `text`, in order (`secrets.X`, `secrets['X']`, `vars.X`,
    /// `env.X`, `steps.ID.outputs.X`, `inputs.X`).
    static func find(in text: String) -> [References] {
        var out: [References] = []
        // Searched on the bytes: `${{` and `}}` are ASCII, so their indices are character boundaries.
        let u = text.utf8
        var i = u.startIndex
        func next(_ a: UInt8, _ b: UInt8, _ c: UInt8?, from start: String.Index) -> (String.Index, String.Index)? {
            var j = start
            while j < u.endIndex {
                if u[j] == a {
                    let k = u.index(after: j)
                    if k < u.endIndex, u[k] == b {
                        guard let c else { return (j, u.index(after: k)) }
                        let l = u.index(after: k)
                        if l < u.endIndex, u[l] == c { return (j, u.index(after: l)) }
                    }
                }
                j = u.index(after: j)
            }
            return nil
        }
        while let (_, afterOpen) = next(36, 123, 123, from: i) {   // "${{"
            if let (closeStart, afterClose) = next(125, 125, nil, from: afterOpen) {   // "}}"
                out += parse(text[afterOpen..<closeStart])
                i = afterClose
            } else {
                out += parse(text[afterOpen...])
                break
            }
        }
        return out
    }

    static func isName(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }

    /// Splits one expression body into dotted paths (`steps.x.outputs.y`, `secrets['A']` as `secrets.A`).
    static func parse(_ body: Substring) -> [References] {
        // Most bodies are ASCII (`secrets.X`, `github.ref`): read as bytes, where a name is [A-Za-z0-9_-],
        // which is what `isName` keeps of ASCII text.
        if !body.utf8.contains(where: { $0 >= 0x80 }) { return parseASCII(Array(body.utf8)) }
        return parseCharacters(body)
    }

    /// `parse` for any text, by Character (what the byte path must agree with).
    static func parseCharacters(_ body: Substring) -> [References] {
        var paths: [[String]] = []
        var chars = Array(body)
        var i = 0
        // Rewrite `['name']` and `[field: "name"]` as `.name`.
        var normal: [Character] = []
        while i < chars.count {
            if chars[i] == "[", i + 1 < chars.count, chars[i + 1] == "'" || chars[i + 1] == "\"" {
                let quote = chars[i + 1]
                var j = i + 2
                var name: [Character] = []
                while j < chars.count, chars[j] != quote { name.append(chars[j]); j += 1 }
                if j + 1 < chars.count, chars[j + 1] == "]" {
                    normal.append("."); normal += name; i = j + 2; continue
                }
            }
            normal.append(chars[i])
            i += 1
        }
        chars = normal
        i = 0
        while i < chars.count {
            guard isName(chars[i]), i == 0 || !(isName(chars[i - 1]) || chars[i - 1] == ".") else { i += 1; continue }
            var parts: [String] = []
            var current = ""
            while i < chars.count, isName(chars[i]) || chars[i] == "." {
                if chars[i] == "." { parts.append(current); current = "" } else { current.append(chars[i]) }
                i += 1
            }
            parts.append(current)
            paths.append(parts)
        }
        return references(paths)
    }

    /// `parse` of an ASCII body, the same steps on bytes.
    static func parseASCII(_ bytes: [UInt8]) -> [References] {
        func isName(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45 }
        // Rewrite `['name']` and `["name"]` as `.name`.
        var normal: [UInt8] = []
        normal.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 91, i + 1 < bytes.count, bytes[i + 1] == 39 || bytes[i + 1] == 34 {
                let quote = bytes[i + 1]
                var j = i + 2
                while j < bytes.count, bytes[j] != quote { j += 1 }
                if j + 1 < bytes.count, bytes[j + 1] == 93 {
                    normal.append(46); normal += bytes[(i + 2)..<j]; i = j + 2; continue
                }
            }
            normal.append(bytes[i])
            i += 1
        }
        var paths: [[String]] = []
        i = 0
        while i < normal.count {
            guard isName(normal[i]), i == 0 || !(isName(normal[i - 1]) || normal[i - 1] == 46) else { i += 1; continue }
            var parts: [String] = []
            var start = i
            while i < normal.count, isName(normal[i]) || normal[i] == 46 {
                if normal[i] == 46 { parts.append(String(decoding: normal[start..<i], as: UTF8.self)); start = i + 1 }
                i += 1
            }
            parts.append(String(decoding: normal[start..<i], as: UTF8.self))
            paths.append(parts)
        }
        return references(paths)
    }

    /// The references among dotted paths.
    static func references(_ paths: [[String]]) -> [References] {
        paths.compactMap { p in
            guard p.count >= 2, !p[1].isEmpty else { return nil }
            switch p[0] {
            case "secrets": return .secret(p[1])
            case "vars": return .variable(p[1])
            case "env": return .env(p[1])
            case "inputs": return .input(p[1])
            case "steps" where p.count >= 4 && p[2] == "outputs": return .stepOutput(step: p[1], output: p[3])
            default: return nil
            }
        }
    }
}

/// A file's lines as it reads (CRLF or LF), for locations and for the lines of a `run:` script.
struct FileText {
    let text: String
    /// The byte offset where each line starts; a line ends before the next one's `\n` (and a `\r` before it).
    let starts: [Int]

    init(_ text: String) {
        self.text = text
        // Split on the byte: as Characters, "\r\n" is one grapheme and would never equal "\n".
        self.starts = ASCIILine.withBytes(text) { b in
            var starts = [0]
            for i in b.indices where b[i] == 10 { starts.append(i + 1) }
            return starts
        }
    }

    var count: Int { starts.count }

    /// Line `n` (1-based) without its line break.
    func line(_ n: Int) -> Substring {
        let u = text.utf8
        let start = u.index(u.startIndex, offsetBy: starts[n - 1])
        var end = n < starts.count ? u.index(u.startIndex, offsetBy: starts[n] - 1) : u.endIndex
        if end > start, u[u.index(before: end)] == 13 { end = u.index(before: end) }
        return Substring(u[start..<end])
    }

    func location(of node: Node) -> CredentialLocation {
        CredentialLocation(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// The indentation of a line (its leading spaces) and whether it is blank (spaces and tabs only).
    /// Counted on bytes; a space followed by a non-ASCII byte may be one Character with a combining mark,
    /// so such a line is measured as Characters, as it always was.
    static func measure(_ s: Substring) -> (indent: Int, blank: Bool) {
        var indent = 0
        var blank = true
        var leading = true
        for b in s.utf8 {
            if b >= 0x80 {
                return (s.prefix { $0 == " " }.count, s.allSatisfy { $0 == " " || $0 == "\t" })
            }
            if leading, b == 32 { indent += 1 } else { leading = false }
            if b != 32 && b != 9 { blank = false }
        }
        return (indent, blank)
    }

    /// The file lines a `run:` value covers: for a block scalar (`|`, `>`) the lines after the indicator
    /// that are indented past the key; for a one-line scalar its line (and any continuation lines).
    func scriptLines(key: Node, value: Node) -> [(Substring, CredentialLocation)] {
        guard let mark = value.mark, mark.line >= 1, mark.line <= count else { return [] }
        let keyIndent = (key.mark?.column ?? 1) - 1
        var block = false
        if case .scalar(let s) = value { block = s.style == .literal || s.style == .folded }
        var out: [(Substring, CredentialLocation)] = []
        var n = block ? mark.line + 1 : mark.line
        if !block {
            out.append((line(n), CredentialLocation(line: n, column: mark.column)))
            n += 1
        }
        while n <= count {
            let l = line(n)
            let (indent, blank) = Self.measure(l)
            if !blank && indent <= keyIndent { break }
            if !blank { out.append((l, CredentialLocation(line: n, column: indent + 1))) }
            n += 1
        }
        return out
    }
}
