import KeylessModel
import KeylessSyntax
/// A small reader for the HCL subset `TerraformIAM` writes: blocks with labels, attributes, string
/// templates with `${…}` interpolations, numbers, booleans, traversals (`a.b.c`), function calls,
/// tuples and objects. No operators, conditionals or heredocs. The tests also parse the same file
/// with python-hcl2, the reference parser, so this reader cannot drift unnoticed.
struct HCLBody {
    var attributes: [(String, HCLValue)] = []
    var blocks: [HCLBlock] = []

    func attribute(_ name: String) -> HCLValue? { attributes.first { $0.0 == name }?.1 }
}

struct HCLBlock {
    var type: String
    var labels: [String]
    var body: HCLBody
    var line: Int
}

enum HCLTemplatePart: Equatable {
    case text(String)
    case interpolation(String)
}

indirect enum HCLValue {
    case template([HCLTemplatePart])
    case number(Int)
    case bool(Bool)
    case null
    case traversal(String)
    case call(String, [HCLValue])
    case tuple([HCLValue])
    case object([(String, HCLValue)])
}

struct HCLParser {
    private let chars: [Character]
    private var i = 0
    private var line = 1

    init(_ text: String) { chars = Array(text) }

    private var atEnd: Bool { i >= chars.count }
    private var peek: Character? { atEnd ? nil : chars[i] }

    private mutating func advance() -> Character {
        let c = chars[i]
        i += 1
        if c == "\n" { line += 1 }
        return c
    }

    private func error(_ message: String) -> IaCParseError { IaCParseError(line: line, message) }

    /// Skips blanks and comments; newlines too when `newlines` is true.
    private mutating func skip(newlines: Bool) {
        while let c = peek {
            if c == " " || c == "\t" || c == "\r" || (newlines && c == "\n") {
                _ = advance()
            } else if c == "#" {
                while let d = peek, d != "\n" { _ = advance() }
            } else {
                return
            }
        }
    }

    private mutating func expect(_ c: Character) throws(IaCParseError) {
        guard peek == c else { throw error("expected '\(c)', found '\(peek.map(String.init) ?? "end of file")'") }
        _ = advance()
    }

    private static func isIdent(_ c: Character, first: Bool) -> Bool {
        c.isASCII && (c.isLetter || c == "_" || (!first && (c.isNumber || c == "-")))
    }

    private mutating func identifier() throws(IaCParseError) -> String {
        guard let c = peek, Self.isIdent(c, first: true) else { throw error("expected a name") }
        var s = ""
        while let c = peek, Self.isIdent(c, first: s.isEmpty) { s.append(advance()) }
        return s
    }

    mutating func parseBody(closing: Bool = false) throws(IaCParseError) -> HCLBody {
        var body = HCLBody()
        while true {
            skip(newlines: true)
            if atEnd {
                if closing { throw error("unclosed block") }
                return body
            }
            if peek == "}" {
                guard closing else { throw error("unexpected '}'") }
                _ = advance()
                return body
            }
            let start = line
            let name = try identifier()
            skip(newlines: false)
            if peek == "=" {
                _ = advance()
                skip(newlines: false)
                body.attributes.append((name, try value()))
                skip(newlines: false)
                guard atEnd || peek == "\n" || peek == "}" else { throw error("expected a new line after attribute \(name)") }
            } else {
                var labels: [String] = []
                while peek == "\"" {
                    guard case .template(let parts) = try stringLiteral(), parts.count <= 1 else { throw error("a block label must be a plain string") }
                    if case .text(let t)? = parts.first { labels.append(t) } else { labels.append("") }
                    skip(newlines: false)
                }
                try expect("{")
                body.blocks.append(HCLBlock(type: name, labels: labels, body: try parseBody(closing: true), line: start))
            }
        }
    }

    private mutating func value() throws(IaCParseError) -> HCLValue {
        skip(newlines: false)
        guard let c = peek else { throw error("expected a value") }
        switch c {
        case "\"": return try stringLiteral()
        case "[":
            _ = advance()
            var items: [HCLValue] = []
            while true {
                skip(newlines: true)
                if peek == "]" { _ = advance(); return .tuple(items) }
                items.append(try value())
                skip(newlines: true)
                if peek == "," { _ = advance() } else if peek != "]" { throw error("expected ',' or ']'") }
            }
        case "{":
            _ = advance()
            var members: [(String, HCLValue)] = []
            while true {
                skip(newlines: true)
                if peek == "}" { _ = advance(); return .object(members) }
                let key: String
                if peek == "\"" {
                    guard case .template(let parts) = try stringLiteral() else { throw error("bad key") }
                    key = try TerraformIAM.literal(parts, line: line)
                } else {
                    key = try identifier()
                }
                skip(newlines: false)
                guard peek == "=" || peek == ":" else { throw error("expected '=' after key \(key)") }
                _ = advance()
                members.append((key, try value()))
                skip(newlines: false)
                if peek == "," { _ = advance() }
            }
        default:
            if c.isNumber || c == "-" {
                var s = ""
                while let d = peek, d.isNumber || d == "-" { s.append(advance()) }
                guard let n = Int(s) else { throw error("bad number \(s)") }
                return .number(n)
            }
            var name = try identifier()
            if name == "true" || name == "false" { return .bool(name == "true") }
            if name == "null" { return .null }
            if peek == "(" {
                _ = advance()
                var args: [HCLValue] = []
                while true {
                    skip(newlines: true)
                    if peek == ")" { _ = advance(); return .call(name, args) }
                    args.append(try value())
                    skip(newlines: true)
                    if peek == "," { _ = advance() } else if peek != ")" { throw error("expected ',' or ')'") }
                }
            }
            while peek == "." {
                _ = advance()
                name += "." + (try identifier())
            }
            return .traversal(name)
        }
    }

    /// A quoted template: escapes as in JSON, `$${` and `%%{` as literal text, `${expr}` kept as its source.
    private mutating func stringLiteral() throws(IaCParseError) -> HCLValue {
        try expect("\"")
        var parts: [HCLTemplatePart] = []
        var text = ""
        while true {
            guard let c = peek, c != "\n" else { throw error("unterminated string") }
            _ = advance()
            switch c {
            case "\"":
                if !text.isEmpty { parts.append(.text(text)) }
                return .template(parts)
            case "\\":
                guard let e = peek else { throw error("unterminated escape") }
                _ = advance()
                switch e {
                case "n": text += "\n"
                case "t": text += "\t"
                case "r": text += "\r"
                case "\"", "\\": text.append(e)
                case "u":
                    var hex = ""
                    for _ in 0..<4 { if let h = peek { hex.append(h); _ = advance() } }
                    guard let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) else { throw error("bad \\u escape") }
                    text.unicodeScalars.append(u)
                default: throw error("unknown escape \\\(e)")
                }
            case "$", "%":
                if peek == c, i + 1 < chars.count, chars[i + 1] == "{" {
                    _ = advance()
                    text.append(c)
                } else if c == "$", peek == "{" {
                    _ = advance()
                    if !text.isEmpty { parts.append(.text(text)) }
                    text = ""
                    var expr = ""
                    while let d = peek, d != "}" { expr.append(advance()) }
                    try expect("}")
                    parts.append(.interpolation(expr))
                } else {
                    text.append(c)
                }
            default:
                text.append(c)
            }
        }
    }
}
