import KeylessAnalysis
import KeylessAudit
import KeylessModel
import KeylessSyntax

/// One repository's workflows as `keyless audit` sees them, what `keyless migrate` makes of each, and the
/// `sub` each job presents (`keyless claims`).
public struct RepositoryAnalysis: Sendable {
    public var report: AuditReport
    /// By workflow path: the migration to the role of the workflow's environment, or why it was refused.
    public var migrations: [String: MigrationOutcome]
    /// By `PATH#JOB`: the subjects the job's tokens carry over the events it runs on (known values only),
    /// and why the others cannot be known.
    public var subjects: [String: [String]]
    public var unknownSubjects: [String: [String]]

    public init(report: AuditReport, migrations: [String: MigrationOutcome], subjects: [String: [String]] = [:], unknownSubjects: [String: [String]] = [:]) {
        self.report = report
        self.migrations = migrations
        self.subjects = subjects
        self.unknownSubjects = unknownSubjects
    }

    /// Audits `sources`, migrates every workflow that needs it to the role `options(environment)` names (nil
    /// environment: the workflow's jobs declare none; nil options: no role is configured for it), and
    /// predicts each job's subjects.
    public static func analyze(
        _ sources: [KeylessSyntax.WorkflowSource], environments: [String], repository: RepositoryName, defaultBranch: String,
        options: (String?) -> MigrateOptions?
    ) throws(DiagnosticError) -> RepositoryAnalysis {
        let report = Auditor(environments: environments).audit(sources)
        guard report.problems.isEmpty else { throw DiagnosticError(report.problems) }
        var migrations: [String: MigrationOutcome] = [:]
        for w in report.workflows where w.auth != .none {
            guard let source = sources.first(where: { $0.path == w.path }), let opts = options(w.environment) else { continue }
            do {
                let m = try Migrator.migrate(source, options: opts, siblings: sources.filter { $0.path != w.path })
                migrations[w.path] = .migrated(m, options: opts)
            } catch {
                migrations[w.path] = .refused(error.diagnostics.map(\.message).joined(separator: "; "), options: opts)
            }
        }
        var subjects: [String: [String]] = [:], unknown: [String: [String]] = [:]
        let parsed = sources.compactMap { try? KeylessAnalysis.WorkflowSource(text: $0.text, path: $0.path) }
        // Callees from the files already read, never from the disk: the analysis is a function of its input.
        let local = LocalWorkflows(files: Dictionary(parsed.map { ($0.fileName, LocalWorkflows.Callee.workflow($0.workflow)) }, uniquingKeysWith: { a, _ in a }))
        for s in parsed {
            let predictor = ClaimPredictor(repository: repository, defaultBranch: defaultBranch, workflowPath: s.workflowPath, callees: local)
            for p in (try? predictor.predict(s.workflow)) ?? [] {
                let key = "\(s.path)#\(p.job)"
                switch p.sub {
                case .known(let v): if !(subjects[key] ?? []).contains(v) { subjects[key, default: []].append(v) }
                case .unknown(let why): if !(unknown[key] ?? []).contains(why) { unknown[key, default: []].append(why) }
                }
            }
        }
        return RepositoryAnalysis(report: report, migrations: migrations, subjects: subjects, unknownSubjects: unknown)
    }
}
