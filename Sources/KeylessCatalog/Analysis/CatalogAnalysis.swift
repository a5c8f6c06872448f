import KeylessAudit
import KeylessGenerator
import KeylessModel
import KeylessSyntax

/// What the catalog's pages report on, computed by the analysis stage before any page is built:
/// pages read it, they never run an audit or a migration themselves.
public struct CatalogAnalysis: Sendable {
    /// The audit and migrations of `hive-kube.workflows-dir`; nil when the configuration gives counts only.
    public var hiveKube: RepositoryAnalysis?

    public init(hiveKube: RepositoryAnalysis?) {
        self.hiveKube = hiveKube
    }
}
