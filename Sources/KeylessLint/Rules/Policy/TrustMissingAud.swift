/// `trust-missing-aud`: a GitHub trust statement that does not check the token's audience.
package enum TrustMissingAud: PolicyRule {
    package static let rule = Rule("trust-missing-aud", .policy, .warning, title: "Trust policy without an audience condition",
        explanation: "Check `token.actions.githubusercontent.com:aud` equals `sts.amazonaws.com`, so tokens minted for other audiences are refused.",
        source: RuleSource.awsDoc)

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements where s.isGitHubTrust && s.statement.effect == .allow && s.conditions(onClaim: "aud").isEmpty {
            report.add(at: s.path, "the statement does not check the token's audience (token.actions.githubusercontent.com:aud)")
        }
    }
}
