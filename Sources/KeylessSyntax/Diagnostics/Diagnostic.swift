/// A position in a source file, 1-based like editors and compilers print it.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

/// One problem, printed as `path:line:col: severity: message [rule-id]` (actionlint's shape).
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case note, warning, error

        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var location: SourceLocation
    public var severity: Severity
    public var message: String
    public var rule: String

    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String, rule: String) {
        self.location = location
        self.severity = severity
        self.message = message
        self.rule = rule
    }

    public var description: String {
        "\(location.path):\(location.line):\(location.column): \(severity.rawValue): \(message) [\(rule)]"
    }
}

/// Several diagnostics thrown together, so a stage can report every problem it found at once.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted { $0.location < $1.location } }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Exit codes shared by every subcommand, documented in the README.
public enum ExitStatus: Int32, Sendable {
    /// Success: outputs in sync or written, no findings.
    case success = 0
    /// `--check` found drift, or a linter found error-level problems.
    case findings = 1
    /// Bad input or usage: nothing was written.
    case badInput = 2
}
