/// A GitHub Actions workflow: the parts Keyless emits, reads back and reasons about.
public struct Workflow: Hashable, Sendable, Codable {
    public var name: String?
    public var triggers: [Trigger]
    public var permissions: Permissions?
    public var env: [KeyValue]
    public var concurrency: Concurrency?
    public var jobs: [Job]

    public init(
        name: String? = nil, triggers: [Trigger], permissions: Permissions? = nil,
        env: [KeyValue] = [], concurrency: Concurrency? = nil, jobs: [Job]
    ) {
        self.name = name
        self.triggers = triggers
        self.permissions = permissions
        self.env = env
        self.concurrency = concurrency
        self.jobs = jobs
    }
}

/// An ordered `key: value` pair of `env:` or `with:`.
public struct KeyValue: Hashable, Sendable, Codable {
    public var key: String
    public var value: ScalarValue

    public init(_ key: String, _ value: ScalarValue) {
        self.key = key
        self.value = value
    }
}

/// A scalar as a workflow holds it: its YAML type matters (`persist-credentials: false` is a boolean).
public enum ScalarValue: Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    case string(String)
    case int(Int)
    case bool(Bool)
    /// A value that is exactly one `${{ … }}` expression.
    case expression(Expression)

    public init(stringLiteral value: String) {
        self = Expression(wrapped: value).map(ScalarValue.expression) ?? .string(value)
    }

    /// The text as it appears in the file (an expression with its `${{ }}`).
    public var text: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .expression(let e): return e.wrapped
        }
    }
}

/// A GitHub expression, stored without its `${{ }}` delimiters.
public struct Expression: Hashable, Sendable, Codable, CustomStringConvertible {
    public var source: String

    public init(_ source: String) {
        self.source = source.trimmingSpaces()
    }

    /// Parses `${{ … }}` when the whole text is one expression; nil otherwise.
    public init?(wrapped text: String) {
        // Without a `$` there is no `${{`: most values, and no trimmed copy made for them.
        guard text.utf8.contains(36) else { return nil }
        // ASCII text without `\r` (nearly every value) is read as bytes, the same steps as below; a `\r`
        // can be part of the one Character "\r\n", which the trimming below does not remove.
        let bytes = Array(text.utf8)
        if !bytes.contains(where: { $0 >= 0x80 || $0 == 13 }) {
            guard let inner = Self.innerASCII(bytes) else { return nil }
            self.init(inner)
            return
        }
        guard let inner = Self.innerUnicode(text) else { return nil }
        self.init(inner)
    }

    /// The text between `${{` and `}}` when all of `text` is one expression, by Character.
    static func innerUnicode(_ text: String) -> String? {
        let t = text.trimmingSpaces()
        guard t.hasPrefix("${{"), t.hasSuffix("}}"), t.count >= 5 else { return nil }
        let inner = t.dropFirst(3).dropLast(2)
        // `${{ a }}-${{ b }}` is a template, not one expression.
        guard !inner.contains("${{"), !inner.contains("}}") else { return nil }
        return String(inner)
    }

    /// The text between `${{` and `}}` of ASCII `bytes` that are one expression (spaces around allowed).
    static func innerASCII(_ bytes: [UInt8]) -> String? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 || bytes[start] == 10 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 10 { end -= 1 }
        guard end - start >= 5, bytes[start] == 36, bytes[start + 1] == 123, bytes[start + 2] == 123,
              bytes[end - 2] == 125, bytes[end - 1] == 125 else { return nil }
        let inner = bytes[(start + 3)..<(end - 2)]
        // `${{ a }}-${{ b }}` is a template, not one expression.
        var i = inner.startIndex
        while i + 1 < inner.endIndex {
            if inner[i] == 125 && inner[i + 1] == 125 { return nil }
            if i + 2 < inner.endIndex, inner[i] == 36, inner[i + 1] == 123, inner[i + 2] == 123 { return nil }
            i += 1
        }
        return String(decoding: inner, as: UTF8.self)
    }

    /// The expression as written in a value: `${{ source }}`.
    public var wrapped: String { "${{ \(source) }}" }
    public var description: String { wrapped }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (Foundation-free).
    package func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}

/// `concurrency:` with a group and whether to cancel a run in progress.
public struct Concurrency: Hashable, Sendable, Codable {
    public var group: String
    public var cancelInProgress: Bool?

    public init(group: String, cancelInProgress: Bool? = nil) {
        self.group = group
        self.cancelInProgress = cancelInProgress
    }
}
