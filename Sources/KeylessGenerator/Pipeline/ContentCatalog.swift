import KeylessIaC
import KeylessSyntax
import KeylessModel

/// Where the reference content comes from: the catalog builds snippets and pages from the configuration.
public protocol ContentCatalog: Sendable {
    /// What the pages report on (audits, migrations), computed before any page is built.
    associatedtype Analysis: Sendable
    /// The pinned action versions reference output uses.
    var pins: ActionPins { get }
    func snippets(for config: KeylessConfig) -> [Snippet]
    /// The analysis stage: reads and analyses what the configuration points at, so pages only present it.
    func analyze(_ config: KeylessConfig) throws(DiagnosticError) -> Analysis
    /// Pages may show snippets only through `library`, which holds checked ones.
    func documents(for config: KeylessConfig, analysis: Analysis, library: SnippetLibrary) throws(DiagnosticError) -> DocumentSet
    /// Lint findings for checked snippets (`keyless check`); reference output must have none. Each
    /// snippet is linted alone: `lint(a + b)` is `lint(a) + lint(b)`, so the generator lints shares at once.
    func lint(_ snippets: [CheckedSnippet]) -> [Diagnostic]
}

extension ContentCatalog {
    public func lint(_ snippets: [CheckedSnippet]) -> [Diagnostic] { [] }
}
