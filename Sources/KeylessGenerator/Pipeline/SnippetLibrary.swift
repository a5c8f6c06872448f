import KeylessIaC
import KeylessSyntax
import KeylessModel

/// The checked snippets by id, with the lint findings of the `before` ones (shown in the guide).
public struct SnippetLibrary: Sendable {
    public let snippets: [CheckedSnippet]
    /// Findings of `keyless check` on snippets that show a wrong form on purpose, by snippet path.
    public let findings: [String: [Diagnostic]]
    private let byID: [String: CheckedSnippet]
    private let byPath: [String: CheckedSnippet]

    public init(_ snippets: [CheckedSnippet], findings: [String: [Diagnostic]] = [:]) {
        self.snippets = snippets
        self.findings = findings
        self.byID = Dictionary(snippets.map { ($0.snippet.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.byPath = Dictionary(snippets.map { ($0.snippet.path, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public subscript(id: String) -> CheckedSnippet? { byID[id] }

    /// The first checked snippet written to `path`.
    public subscript(path path: String) -> CheckedSnippet? { byPath[path] }

    /// The snippet's code block, or a diagnostic naming the missing id.
    public func block(_ id: String) throws(DiagnosticError) -> Block {
        guard let s = byID[id] else {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: "docs-src/keyless.yml"), "page refers to unknown snippet '\(id)'", rule: "snippet-unknown")])
        }
        return s.block
    }
}
