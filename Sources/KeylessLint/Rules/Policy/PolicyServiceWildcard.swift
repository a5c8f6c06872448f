/// `policy-service-wildcard`: `service:*` (or `*`) in an Allow statement.
package enum PolicyServiceWildcard: PolicyRule {
    package static let rule = Rule("policy-service-wildcard", .policy, .warning, title: "Every action of a service",
        explanation: "`service:*` grants every present and future action of the service, including destructive and permission-changing ones. List the actions the workflow calls.",
        source: RuleSource.s3SAR)

    /// Reported before `policy-action-resource-mismatch` on the same `Action` line, as always.
    package static var runsEarly: Bool { true }

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements where !s.isGitHubTrust && s.statement.effect == .allow {
            guard case .action(let actions) = s.statement.actions else { continue }
            for a in actions where a == "*" || a.hasSuffix(":*") {
                report.add(at: s.path + [.key("Action")], "'\(a)' grants every action of \(a == "*" ? "every service" : "the service")")
            }
        }
    }
}
