import KeylessSyntax
import KeylessModel

/// `missing-id-token`: a job assumes a role with OIDC, itself or through a local reusable workflow,
/// without `id-token: write`.
package enum MissingIDToken: WorkflowRule {
    package static let rule = Rule("missing-id-token", .workflow, .error, title: "Job assumes a role without `id-token: write`",
        explanation: "A job that assumes a role with OIDC needs `id-token: write` in its effective permissions. A job-level `permissions:` block replaces the workflow-level one, and the default token permissions never include `id-token`, so the action fails with \"Credentials could not be loaded\".",
        source: RuleSource.oidcDoc)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for step in context.steps where step.assumesRoleWithOIDC {
            guard let job = step.job, (job.effectivePermissions ?? .scopes([])).access(.idToken) != .write else { continue }
            report.add(at: step.path + [.key("uses")], "job '\(job.job.id)' assumes a role with OIDC but \(job.permissionsSource) do not grant id-token: write")
        }
    }

    /// The cross-file half: a job that calls a local reusable workflow (`uses: ./.github/workflows/x.yml`)
    /// caps that workflow's permissions, so when the callee assumes a role with OIDC the caller job must
    /// grant `id-token: write` too.
    static func checkCalls(_ decoded: [DecodedWorkflow]) -> [Diagnostic] {
        func callee(_ uses: String) -> Workflow? {
            guard uses.hasPrefix("./") else { return nil }
            let suffix = String(uses.dropFirst(2))
            return decoded.first { $0.path == suffix || $0.path.hasSuffix("/" + suffix) }?.workflow
        }
        var out: [Diagnostic] = []
        for d in decoded {
            var report = RuleReport(path: d.path, root: d.root, rule: rule)
            for job in d.workflow.jobs {
                guard let uses = job.uses, let target = callee(uses) else { continue }
                let oidcJob = target.jobs.first { j in
                    j.steps.contains { s in
                        s.uses?.repository == WorkflowContext.credentialsAction && s.input("role-to-assume") != nil && s.input("aws-access-key-id") == nil
                    }
                }
                guard let first = oidcJob else { continue }
                let effective = job.permissions ?? d.workflow.permissions ?? .scopes([])
                if effective.access(.idToken) != .write {
                    report.add(at: [.key("jobs"), .key(job.id), .key("uses")],
                               "job '\(job.id)' calls \(uses), whose job '\(first.id)' assumes a role with OIDC, but does not grant id-token: write; a caller's permissions cap the called workflow's")
                }
            }
            out += report.diagnostics
        }
        return out
    }
}
