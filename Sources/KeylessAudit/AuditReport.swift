import KeylessSyntax
import KeylessLint

/// How a job authenticates to AWS, as far as the repository shows.
public enum AuthPattern: String, Hashable, Sendable, CaseIterable {
    case longLivedKeys = "long-lived-keys"
    case oidc
    case mixed
    case none

    /// Combines the evidence of several jobs or steps: keys and OIDC together are `mixed`.
    static func combine(keys: Bool, oidc: Bool) -> AuthPattern {
        switch (keys, oidc) {
        case (true, true): return .mixed
        case (true, false): return .longLivedKeys
        case (false, true): return .oidc
        case (false, false): return .none
        }
    }
}

/// One line of evidence or one gap, with the rule (one of `AuditRules`) it belongs to.
public struct AuditFinding: Hashable, Sendable {
    public var rule: Rule
    public var line: Int
    public var column: Int
    public var message: String

    public init(_ rule: Rule, line: Int, column: Int = 1, _ message: String) {
        self.rule = rule
        self.line = line
        self.column = column
        self.message = message
    }
}

/// One job of one workflow.
public struct JobAudit: Hashable, Sendable {
    public var id: String
    public var auth: AuthPattern
    public var line: Int
    public var findings: [AuditFinding]
    /// The `environment:` name the job declares, if any.
    public var environment: String?
    /// The roles the job assumes (`role-to-assume` values as written).
    public var roles: [String]
    /// The AWS key secrets the job reads or passes on (`HONEYHIVE_PRODUCTION_…_KEY_ID`, …).
    public var keySecrets: [String]
    /// The reusable workflow the job calls (`uses:` at job level), if it is a call.
    public var calls: String? = nil

    public var lacksIDToken: Bool { findings.contains { $0.rule == AuditRules.missingIDToken } }
    public var lacksRole: Bool { findings.contains { $0.rule == AuditRules.missingRoleToAssume } }
}

/// One workflow file.
public struct WorkflowAudit: Hashable, Sendable {
    /// As given on the command line (or relative to the audited folder).
    public var path: String
    public var environment: String?
    public var jobs: [JobAudit]
    /// `on: workflow_call`.
    public var isReusable: Bool

    /// Only what the text report's first line per workflow and its summary read: each job's pattern and
    /// `environment:`, and at most one missing-id-token and one missing-role-to-assume finding (without
    /// message), so patterns, environments and every summary count are the same. What an audit keeps of
    /// a workflow whose text body is already written.
    public var compacted: WorkflowAudit {
        var w = self
        for i in w.jobs.indices {
            let f = w.jobs[i].findings
            w.jobs[i].findings = [f.first { $0.rule == AuditRules.missingIDToken }, f.first { $0.rule == AuditRules.missingRoleToAssume }]
                .compactMap { $0.map { AuditFinding($0.rule, line: $0.line, column: $0.column, "") } }
            w.jobs[i].id = ""
            w.jobs[i].roles = []
            w.jobs[i].keySecrets = []
            w.jobs[i].calls = nil
        }
        return w
    }

    /// The workflow's pattern: its jobs combined.
    public var auth: AuthPattern {
        let keys = jobs.contains { $0.auth == .longLivedKeys || $0.auth == .mixed }
        let oidc = jobs.contains { $0.auth == .oidc || $0.auth == .mixed }
        return .combine(keys: keys, oidc: oidc)
    }
}

/// The result of auditing a set of workflows; files that could not be read are in `problems`.
public struct AuditReport: Hashable, Sendable {
    public var workflows: [WorkflowAudit]
    public var problems: [Diagnostic]
    /// The environment names asked for, in order (for per-environment summaries).
    public var environments: [String]

    public struct Summary: Hashable, Sendable {
        public var workflows: Int
        public var jobs: Int
        public var longLivedKeys: Int
        public var oidc: Int
        public var mixed: Int
        public var none: Int
        public var lacksIDToken: Int
        public var lacksRole: Int
    }

    /// Counts of jobs (the JSON `summary`), over the given workflows.
    public static func summary(_ workflows: [WorkflowAudit]) -> Summary {
        let jobs = workflows.flatMap(\.jobs)
        func count(_ p: AuthPattern) -> Int { jobs.filter { $0.auth == p }.count }
        return Summary(
            workflows: workflows.count, jobs: jobs.count, longLivedKeys: count(.longLivedKeys), oidc: count(.oidc),
            mixed: count(.mixed), none: count(.none), lacksIDToken: jobs.filter(\.lacksIDToken).count,
            lacksRole: jobs.filter(\.lacksRole).count)
    }

    public var summary: Summary { Self.summary(workflows) }

    /// How many files could not be audited (a file with several diagnostics counts once).
    public var problemFiles: Int { Set(problems.map(\.location.path)).count }

    /// Workflows of one environment (nil: those no environment could be told for).
    public func workflows(in environment: String?) -> [WorkflowAudit] {
        workflows.filter { $0.environment == environment }
    }

    /// True when any job still reaches AWS with a long-lived key.
    public var hasLongLivedKeys: Bool {
        workflows.contains { w in w.jobs.contains { $0.auth == .longLivedKeys || $0.auth == .mixed } }
    }
}
