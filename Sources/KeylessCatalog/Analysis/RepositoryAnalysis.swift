import KeylessAudit
import KeylessModel
import KeylessSyntax

/// One repository's workflows as `keyless audit` sees them, and what `keyless migrate` makes of each.
public struct RepositoryAnalysis: Sendable {
    public var report: AuditReport
    /// By workflow path: the migration to the role of the workflow's environment, or why it was refused.
    public var migrations: [String: MigrationOutcome]

    public init(report: AuditReport, migrations: [String: MigrationOutcome]) {
        self.report = report
        self.migrations = migrations
    }

    /// Audits `sources` and migrates every workflow that needs it to the role `options(environment)` names.
    public static func analyze(
        _ sources: [WorkflowSource], environments: [String], options: (String) -> MigrateOptions
    ) throws(DiagnosticError) -> RepositoryAnalysis {
        let report = Auditor(environments: environments).audit(sources)
        guard report.problems.isEmpty else { throw DiagnosticError(report.problems) }
        var migrations: [String: MigrationOutcome] = [:]
        for w in report.workflows where w.auth != .none {
            guard let env = w.environment, let source = sources.first(where: { $0.path == w.path }) else { continue }
            let opts = options(env)
            do {
                let m = try Migrator.migrate(source, options: opts, siblings: sources.filter { $0.path != w.path })
                migrations[w.path] = .migrated(m, options: opts)
            } catch {
                migrations[w.path] = .refused(error.diagnostics.map(\.message).joined(separator: "; "), options: opts)
            }
        }
        return RepositoryAnalysis(report: report, migrations: migrations)
    }
}
