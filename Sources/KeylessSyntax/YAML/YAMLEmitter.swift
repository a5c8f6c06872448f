/// Writes a `YAMLValue` as block-style YAML: 2-space indentation, sequences indented under
/// their key, one trailing newline, and every string quoted when a YAML 1.1 or 1.2 reader
/// could take it for anything but that string.
public struct YAMLEmitter: Sendable {
    /// Comment lines written first (for example the generated-file banner), without `# `.
    public var header: [String]

    public init(header: [String] = []) {
        self.header = header
    }

    public func emit(_ value: YAMLValue) -> String {
        var out = ""
        for line in header {
            out += line.isEmpty ? "#\n" : "# \(line)\n"
        }
        switch value {
        case .mapping(let entries) where !entries.isEmpty:
            writeMapping(entries, indent: 0, into: &out)
        case .sequence(let items) where !items.isEmpty:
            writeSequence(items, indent: 0, into: &out)
        default:
            out += inline(value) + "\n"
        }
        return out
    }

    private func writeMapping(_ entries: [YAMLEntry], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for entry in entries {
            let key = YAMLScalar.key(entry.key)
            let comment = entry.comment.map { "  # \($0)" } ?? ""
            switch entry.value {
            case .mapping(let child) where !child.isEmpty:
                out += "\(pad)\(key):\(comment)\n"
                writeMapping(child, indent: indent + 2, into: &out)
            case .sequence(let child) where !child.isEmpty:
                out += "\(pad)\(key):\(comment)\n"
                writeSequence(child, indent: indent + 2, into: &out)
            case .string(let s) where YAMLScalar.usesLiteralBlock(s):
                out += "\(pad)\(key): |\(comment)\n"
                writeLiteralBody(s, indent: indent + 2, into: &out)
            case .null:
                // `workflow_dispatch:` reads as null to every YAML reader, and is how workflows write it.
                out += "\(pad)\(key):\(comment)\n"
            default:
                out += "\(pad)\(key): \(inline(entry.value))\(comment)\n"
            }
        }
    }

    private func writeSequence(_ items: [YAMLValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case .mapping(let entries) where !entries.isEmpty:
                // The first entry shares the line with the dash; the rest align under it.
                var first = ""
                writeMapping([entries[0]], indent: indent + 2, into: &first)
                out += pad + "- " + first.dropFirst(indent + 2)
                writeMapping(Array(entries.dropFirst()), indent: indent + 2, into: &out)
            case .sequence(let child) where !child.isEmpty:
                out += "\(pad)-\n"
                writeSequence(child, indent: indent + 2, into: &out)
            case .string(let s) where YAMLScalar.usesLiteralBlock(s):
                out += "\(pad)- |\n"
                writeLiteralBody(s, indent: indent + 2, into: &out)
            default:
                out += "\(pad)- \(inline(item))\n"
            }
        }
    }

    private func writeLiteralBody(_ s: String, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for line in s.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            out += line.isEmpty ? "\n" : "\(pad)\(line)\n"
        }
    }

    private func inline(_ value: YAMLValue) -> String {
        switch value {
        case .string(let s): return YAMLScalar.quoted(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .sequence: return "[]"
        case .mapping: return "{}"
        case .tagged(let tag, let s): return "\(tag) \(YAMLScalar.quoted(s))"
        }
    }
}

/// How one string is written so that every YAML reader gets the same string back.
public enum YAMLScalar {
    /// Words YAML 1.1 resolves to booleans or null (case-insensitive), which must be quoted.
    static let reservedWords: Set<String> = [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
    ]


    /// A mapping key. `on` stays plain: GitHub reads it as a string and every workflow writes it so;
    /// Keyless reads keys from the node tree as written, never through the boolean resolver.
    public static func key(_ s: String) -> String {
        s == "on" ? s : quoted(s)
    }

    /// The string as a plain, single-quoted or double-quoted scalar, whichever is the simplest safe form.
    public static func quoted(_ s: String) -> String {
        if needsDoubleQuotes(s) { return doubleQuoted(s) }
        if isSafePlain(s) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A multi-line string ending in exactly one newline is written as a `|` block, as scripts are.
    static func usesLiteralBlock(_ s: String) -> Bool {
        guard s.hasSuffix("\n"), !s.hasSuffix("\n\n"), s.count > 1 else { return false }
        guard let first = s.unicodeScalars.first, first != " ", first != "\n", first != "\t" else { return false }
        for scalar in s.unicodeScalars {
            if scalar == "\n" { continue }
            if !isPrintable(scalar) || isLineBreakLike(scalar) || scalar == "\r" { return false }
        }
        // Trailing white space on a line would be kept by a literal block but invisible to a reader.
        return !s.split(separator: "\n").contains { $0.last == " " || $0.last == "\t" }
    }

    /// Decided on Unicode scalars, not Characters: "`" followed by a combining mark is one Character
    /// but still starts with an indicator, and ": " followed by a combining mark still ends a key.
    static func isSafePlain(_ s: String) -> Bool {
        let u = Array(s.unicodeScalars)
        guard let first = u.first, let last = u.last else { return false }
        if first == " " || last == " " || indicatorScalars.contains(first) { return false }
        if reservedWords.contains(s.lowercased()) || s == "=" || s == "<<" { return false }
        // Anything that starts like a number, a date or `.inf` might resolve to one: quote it.
        if ("0"..."9").contains(first) || first == "+" || first == "." { return false }
        if last == ":" { return false }
        for i in u.indices {
            switch u[i] {
            case "\t": return false
            case ":" where i + 1 < u.count && u[i + 1] == " ": return false
            case "#" where i > 0 && u[i - 1] == " ": return false
            default: continue
            }
        }
        return true
    }

    /// Scalars that may not start a plain scalar.
    static let indicatorScalars: Set<Unicode.Scalar> = [
        "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
    ]

    static func needsDoubleQuotes(_ s: String) -> Bool {
        s.unicodeScalars.contains { !isPrintable($0) || isLineBreakLike($0) || $0 == "\n" || $0 == "\t" || $0 == "\r" }
    }

    /// YAML's printable set (YAML 1.2 §5.1), minus the BOM that readers strip.
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85: return true
        case 0xA0...0xD7FF, 0xE000...0xFFFD: return c.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR break lines in YAML 1.1 readers.
    static func isLineBreakLike(_ c: Unicode.Scalar) -> Bool {
        c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029
    }

    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if c.value == 0x85 { out += "\\N" }
                else if c.value == 0x2028 { out += "\\L" }
                else if c.value == 0x2029 { out += "\\P" }
                else if !isPrintable(c) || c.value == 0x7F {
                    out += c.value <= 0xFF ? "\\x" + hex(c.value, 2)
                        : c.value <= 0xFFFF ? "\\u" + hex(c.value, 4) : "\\U" + hex(c.value, 8)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
