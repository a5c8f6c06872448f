/// `trust-overbroad-subject`: a `sub` pattern that admits other repositories.
package enum TrustOverbroadSubject: PolicyRule {
    package static let rule = Rule("trust-overbroad-subject", .policy, .error, title: "Subject admits other repositories",
        explanation: "A `sub` pattern such as `*`, `repo:*` or `repo:ORG/*` admits workflows of repositories the role was not meant for, including ones created later. Name the repository, and the branch or environment.",
        source: RuleSource.awsDoc)

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements where s.isGitHubTrust && s.statement.effect == .allow {
            for c in s.conditions(onClaim: "sub") where [.stringLike, .stringEquals, .stringEqualsIgnoreCase].contains(c.op.base) {
                for v in c.values where isOverbroad(v) {
                    report.add(at: s.path(of: c), "subject '\(v)' admits workflows of other repositories")
                }
            }
        }
    }

    /// `*`, `repo:*`, `repo:ORG/*`: the repository part holds a wildcard.
    static func isOverbroad(_ sub: String) -> Bool {
        guard sub.hasPrefix("repo:") else { return sub == "*" || sub.hasPrefix("*") }
        let repoPart = sub.dropFirst(5).prefix { $0 != ":" }
        return repoPart.contains("*") || repoPart.contains("?")
    }
}
