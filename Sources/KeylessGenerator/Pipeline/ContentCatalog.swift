import KeylessIaC
import KeylessSyntax
import KeylessModel

/// Where the reference content comes from: the catalog builds snippets and pages from the configuration.
public protocol ContentCatalog: Sendable {
    /// The pinned action versions reference output uses.
    var pins: ActionPins { get }
    func snippets(for config: KeylessConfig) -> [Snippet]
    /// Pages may show snippets only through `library`, which holds checked ones.
    func documents(for config: KeylessConfig, library: SnippetLibrary) throws(DiagnosticError) -> DocumentSet
    /// Lint findings for checked snippets (`keyless check`); reference output must have none.
    func lint(_ snippets: [CheckedSnippet]) -> [Diagnostic]
}

extension ContentCatalog {
    public func lint(_ snippets: [CheckedSnippet]) -> [Diagnostic] { [] }
}
