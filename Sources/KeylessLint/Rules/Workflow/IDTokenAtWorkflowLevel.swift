/// `id-token-at-workflow-level`: every job of the workflow may request an OIDC token, and some do not need one.
package enum IDTokenAtWorkflowLevel: WorkflowRule {
    package static let rule = Rule("id-token-at-workflow-level", .workflow, .warning, title: "`id-token: write` granted to jobs that do not need it",
        explanation: "Granting `id-token: write` at workflow level lets every job without its own `permissions:`, including ones that run untrusted code, request a token. When some of those jobs do not assume a role, grant it on the jobs that do and set `permissions: {}` at the top. When every job that inherits the grant assumes a role with OIDC (itself, through a local action or a local reusable workflow) or requests the token for another service (GitHub Pages, PyPI trusted publishing, artifact attestations, Google Cloud, Azure, sigstore, `npm publish --provenance`) it is not reported.",
        source: RuleSource.oidcDoc)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        guard context.workflow?.permissions?.access(.idToken) == .write else { return }
        let inheriting = context.jobs.filter { $0.job.permissions == nil }
        let needless = inheriting.filter { job in
            // A remote reusable workflow may assume a role; the repository cannot tell, so it is not held against the grant.
            if let uses = job.job.uses, !uses.hasPrefix("./") { return false }
            if OIDCTokenConsumers.needsToken(job.job) { return false }
            return context.credentials.job(job.job.id)?.assumesRoleWithOIDC != true
        }
        guard !needless.isEmpty else { return }
        let names = needless.map { "'\($0.job.id)'" }.joined(separator: ", ")
        report.add(at: [.key("permissions"), .key("id-token")], "id-token: write is granted to every job of the workflow, and \(needless.count == 1 ? "job" : "jobs") \(names) \(needless.count == 1 ? "does" : "do") not assume a role with OIDC; grant it on the jobs that do")
    }
}
