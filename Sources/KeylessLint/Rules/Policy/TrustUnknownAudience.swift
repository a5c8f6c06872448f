/// `trust-unknown-audience`: an audience the action does not request unless told to.
package enum TrustUnknownAudience: PolicyRule {
    package static let rule = Rule("trust-unknown-audience", .policy, .warning, title: "Unexpected audience",
        explanation: "configure-aws-credentials requests tokens for `sts.amazonaws.com` (`sts.amazonaws.com.cn` in China) unless its `audience` input says otherwise. Any other value matches only a custom audience; declare it with `--audience`.",
        source: RuleSource.action)

    static let standardAudiences = ["sts.amazonaws.com", "sts.amazonaws.com.cn"]

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        let accepted = standardAudiences + context.extraAudiences
        for s in context.statements where s.isGitHubTrust && s.statement.effect == .allow {
            for c in s.conditions(onClaim: "aud") {
                for v in c.values where !accepted.contains(v) {
                    report.add(at: s.path(of: c), "audience '\(v)' is not sts.amazonaws.com; configure-aws-credentials requests that unless its audience input is set")
                }
            }
        }
    }
}
