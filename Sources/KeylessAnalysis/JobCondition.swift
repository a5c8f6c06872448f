/// Whether a job's `if:` lets it run for one event and ref, in three-valued logic: `false` only when the
/// condition is certainly false for every run of that event (so the job never presents a token then),
/// nil when it depends on something the file does not say. Understood: `github.event_name`,
/// `github.ref`, `github.ref_name`, `github.ref_type`, string, boolean and number literals, `==`, `!=`,
/// `&&`, `||`, `!`, parentheses, `startsWith`, `endsWith`, `contains` and `always()`; anything else is
/// unknown. String comparison ignores case, as GitHub's expressions do
/// (https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#operators).
public struct JobCondition: Sendable {
    /// The run's event and ref. A pull_request run's ref is `refs/pull/NUMBER/merge`: pass nil and
    /// `refPrefix: "refs/pull/"`.
    public var eventName: String
    public var ref: String?
    public var refPrefix: String?

    public init(eventName: String, ref: String?, refPrefix: String? = nil) {
        self.eventName = eventName
        self.ref = ref
        self.refPrefix = refPrefix
    }

    /// true, false, or nil (unknown). `source` is the expression without `${{ }}`.
    public func evaluate(_ source: String) -> Bool? {
        var inner = Substring(source).drop { $0 == " " }
        if inner.hasPrefix("${{"), inner.hasSuffix("}}") { inner = inner.dropFirst(3).dropLast(2) }
        guard let tokens = Self.tokenize(String(inner)) else { return nil }
        var parser = Parser(tokens: tokens, context: self)
        guard let v = parser.or(), parser.atEnd else { return nil }
        return v.truthy
    }

    /// A value: known text, a string known only by its prefix, a boolean, or unknown.
    enum Value {
        case string(String), prefix(String), bool(Bool), unknown

        var truthy: Bool? {
            switch self {
            case .bool(let b): return b
            case .string(let s): return !s.isEmpty
            case .prefix(let p): return p.isEmpty ? nil : true
            case .unknown: return nil
            }
        }

        func equals(_ other: Value) -> Bool? {
            switch (self, other) {
            case (.string(let a), .string(let b)): return a.lowercased() == b.lowercased()
            case (.bool(let a), .bool(let b)): return a == b
            case (.prefix(let p), .string(let s)), (.string(let s), .prefix(let p)):
                return s.lowercased().hasPrefix(p.lowercased()) ? nil : false
            default: return nil
            }
        }
    }

    enum Token: Equatable {
        case word(String), string(String), op(String)
    }

    static func tokenize(_ s: String) -> [Token]? {
        var out: [Token] = []
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == " " || c == "\n" || c == "\t" || c == "\r" {
                i = s.index(after: i)
            } else if c == "'" {
                var text = ""
                var j = s.index(after: i)
                while true {
                    guard j < s.endIndex else { return nil }
                    if s[j] == "'" {
                        let next = s.index(after: j)
                        if next < s.endIndex, s[next] == "'" { text.append("'"); j = s.index(after: next); continue }
                        i = next
                        break
                    }
                    text.append(s[j])
                    j = s.index(after: j)
                }
                out.append(.string(text))
            } else if let two = [("=="), ("!="), ("&&"), ("||"), ("<="), (">=")].first(where: { s[i...].hasPrefix($0) }) {
                out.append(.op(two))
                i = s.index(i, offsetBy: 2)
            } else if "()!,<>".contains(c) {
                out.append(.op(String(c)))
                i = s.index(after: i)
            } else if c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == "*" || c == "[" || c == "]" {
                var j = i
                while j < s.endIndex, s[j].isLetter || s[j].isNumber || "_-.*[]".contains(s[j]) { j = s.index(after: j) }
                out.append(.word(String(s[i..<j])))
                i = j
            } else {
                return nil
            }
        }
        return out
    }

    struct Parser {
        var tokens: [Token]
        var context: JobCondition
        var at = 0

        var atEnd: Bool { at == tokens.count }

        mutating func take(_ op: String) -> Bool {
            if at < tokens.count, tokens[at] == .op(op) { at += 1; return true }
            return false
        }

        mutating func or() -> Value? {
            guard var left = and() else { return nil }
            while take("||") {
                guard let right = and() else { return nil }
                switch (left.truthy, right.truthy) {
                case (true?, _), (_, true?): left = .bool(true)
                case (false?, false?): left = .bool(false)
                default: left = .unknown
                }
            }
            return left
        }

        mutating func and() -> Value? {
            guard var left = comparison() else { return nil }
            while take("&&") {
                guard let right = comparison() else { return nil }
                switch (left.truthy, right.truthy) {
                case (false?, _), (_, false?): left = .bool(false)
                case (true?, true?): left = .bool(true)
                default: left = .unknown
                }
            }
            return left
        }

        mutating func comparison() -> Value? {
            guard let left = unary() else { return nil }
            for op in ["==", "!="] where take(op) {
                guard let right = unary() else { return nil }
                guard let eq = left.equals(right) else { return .unknown }
                return .bool(op == "==" ? eq : !eq)
            }
            for op in ["<", ">", "<=", ">="] where take(op) {
                guard unary() != nil else { return nil }
                return .unknown
            }
            return left
        }

        mutating func unary() -> Value? {
            if take("!") {
                guard let v = unary() else { return nil }
                return v.truthy.map { .bool(!$0) } ?? .unknown
            }
            return primary()
        }

        mutating func primary() -> Value? {
            guard at < tokens.count else { return nil }
            let t = tokens[at]
            at += 1
            switch t {
            case .op("("):
                guard let v = or(), take(")") else { return nil }
                return v
            case .string(let s):
                return .string(s)
            case .word(let w):
                if take("(") {
                    var args: [Value] = []
                    if !take(")") {
                        repeat {
                            guard let a = or() else { return nil }
                            args.append(a)
                        } while take(",")
                        guard take(")") else { return nil }
                    }
                    return call(w.lowercased(), args)
                }
                switch w.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .string("")
                default: break
                }
                if w.first?.isNumber == true { return .string(w) }
                return context.lookup(w)
            case .op:
                return nil
            }
        }

        func call(_ name: String, _ args: [Value]) -> Value {
            switch (name, args.count) {
            case ("always", 0): return .bool(true)
            case ("startswith", 2), ("endswith", 2), ("contains", 2):
                switch (args[0], args[1]) {
                case (.string(let a), .string(let b)):
                    let x = a.lowercased(), y = b.lowercased()
                    return .bool(name == "startswith" ? x.hasPrefix(y) : name == "endswith" ? x.hasSuffix(y) : x.contains(y))
                case (.prefix(let p), .string(let b)) where name == "startswith":
                    let x = p.lowercased(), y = b.lowercased()
                    if x.hasPrefix(y) { return .bool(true) }
                    return y.hasPrefix(x) ? .unknown : .bool(false)
                default: return .unknown
                }
            default: return .unknown
            }
        }
    }

    func lookup(_ path: String) -> Value {
        switch path.lowercased() {
        case "github.event_name": return .string(eventName)
        case "github.ref":
            if let ref { return .string(ref) }
            return refPrefix.map { Value.prefix($0) } ?? Value.unknown
        case "github.ref_type":
            if let ref { return ref.hasPrefix("refs/tags/") ? .string("tag") : .string("branch") }
            return refPrefix == "refs/pull/" ? .string("branch") : .unknown
        case "github.ref_name":
            guard let ref else { return .unknown }
            for p in ["refs/heads/", "refs/tags/"] where ref.hasPrefix(p) { return .string(String(ref.dropFirst(p.count))) }
            return .unknown
        default: return .unknown
        }
    }
}
