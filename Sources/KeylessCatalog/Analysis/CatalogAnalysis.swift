import KeylessAudit
import KeylessGenerator
import KeylessModel
import KeylessSyntax

/// What the catalog's pages report on, computed by the analysis stage before any page is built:
/// pages read it, they never run an audit or a migration themselves.
public struct CatalogAnalysis: Sendable {
    /// By repository id: the audit and migrations of its `workflows-dir` (absent when it gives a count only).
    public var repositories: [String: RepositoryAnalysis]

    public init(repositories: [String: RepositoryAnalysis] = [:]) {
        self.repositories = repositories
    }
}
