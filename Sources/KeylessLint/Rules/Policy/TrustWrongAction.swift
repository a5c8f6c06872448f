/// `trust-wrong-action`: a GitHub trust statement that allows more than assuming the role.
package enum TrustWrongAction: PolicyRule {
    package static let rule = Rule("trust-wrong-action", .policy, .error, title: "Wrong action for an OIDC principal",
        explanation: "A trust statement for the GitHub OIDC provider must allow `sts:AssumeRoleWithWebIdentity` (and optionally `sts:TagSession`), nothing broader.",
        source: RuleSource.sts)

    static let allowed: Set<String> = ["sts:assumerolewithwebidentity", "sts:tagsession"]

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements where s.isGitHubTrust && s.statement.effect == .allow {
            if case .notAction = s.statement.actions {
                report.add(at: s.path + [.key("NotAction")], "a trust statement for the GitHub OIDC provider must use Action, not NotAction")
            } else if let bad = s.statement.actions.values.first(where: { !allowed.contains($0.lowercased()) }) {
                report.add(at: s.path + [.key("Action")], "'\(bad)' is not sts:AssumeRoleWithWebIdentity")
            }
        }
    }
}
