/// `trust-missing-sub`: a GitHub trust statement with no condition on the subject.
package enum TrustMissingSub: PolicyRule {
    package static let rule = Rule("trust-missing-sub", .policy, .error, title: "Trust policy without a subject condition",
        explanation: "Without a condition on `sub` (or `job_workflow_ref`) any workflow of any repository on GitHub can assume the role: every GitHub token has the audience `sts.amazonaws.com`. IAM now refuses new trust policies for this provider without one.",
        source: RuleSource.awsDoc)

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements where s.isGitHubTrust && s.statement.effect == .allow {
            guard s.conditions(onClaim: "sub").isEmpty && s.conditions(onClaim: "job_workflow_ref").isEmpty else { continue }
            report.add(at: s.path, "the statement trusts the GitHub OIDC provider without a condition on sub: any repository on GitHub can assume the role")
        }
    }
}
