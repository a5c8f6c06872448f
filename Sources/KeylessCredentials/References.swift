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
        return paths.compactMap { p in
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
    let lines: [Substring]

    init(_ text: String) {
        // Split on the byte: as Characters, "\r\n" is one grapheme and would never equal "\n".
        lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false).map { slice in
            let line = Substring(slice)
            return line.utf8.last == 13 ? Substring(line.utf8.dropLast()) : line
        }
    }

    func location(of node: Node) -> CredentialLocation {
        CredentialLocation(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    static func indent(_ s: Substring) -> Int { s.prefix { $0 == " " }.count }

    /// The file lines a `run:` value covers: for a block scalar (`|`, `>`) the lines after the indicator
    /// that are indented past the key; for a one-line scalar its line (and any continuation lines).
    func scriptLines(key: Node, value: Node) -> [(String, CredentialLocation)] {
        guard let mark = value.mark, mark.line >= 1, mark.line <= lines.count else { return [] }
        let keyIndent = (key.mark?.column ?? 1) - 1
        var block = false
        if case .scalar(let s) = value { block = s.style == .literal || s.style == .folded }
        var out: [(String, CredentialLocation)] = []
        var n = block ? mark.line + 1 : mark.line
        if !block {
            out.append((String(lines[n - 1]), CredentialLocation(line: n, column: mark.column)))
            n += 1
        }
        while n <= lines.count {
            let l = lines[n - 1]
            let blank = l.allSatisfy { $0 == " " || $0 == "\t" }
            if !blank && Self.indent(l) <= keyIndent { break }
            if !blank { out.append((String(l), CredentialLocation(line: n, column: Self.indent(l) + 1))) }
            n += 1
        }
        return out
    }
}
