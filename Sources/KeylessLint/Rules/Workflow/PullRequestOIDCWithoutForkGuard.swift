/// `pull-request-oidc-without-fork-guard`: a pull-request job assumes a role where forks and Dependabot get no token.
package enum PullRequestOIDCWithoutForkGuard: WorkflowRule {
    package static let rule = Rule("pull-request-oidc-without-fork-guard", .workflow, .warning, title: "Pull-request job assumes a role without a fork guard",
        explanation: "Pull requests from forks and runs started by Dependabot get no OIDC token, so a job that assumes a role fails there. Guard it, for example with `if: github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'`.",
        source: RuleSource.oidcDoc)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        guard !context.pullRequestTriggers.isEmpty else { return }
        for step in context.steps where step.assumesRoleWithOIDC {
            guard let job = step.job else { continue }
            let guards = [job.job.condition?.source, step.step.condition?.source].compactMap { $0 }.joined(separator: " ")
            let forkGuard = guards.contains("head.repo") || guards.contains("fork")
            let botGuard = guards.contains("dependabot")
            if !(forkGuard && botGuard) {
                report.add(at: job.path, "job '\(job.job.id)' assumes a role on pull_request without excluding forks and Dependabot, which get no OIDC token")
            }
        }
    }
}
