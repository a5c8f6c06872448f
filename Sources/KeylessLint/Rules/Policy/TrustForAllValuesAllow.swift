/// `trust-forallvalues-allow`: `ForAllValues:` in an Allow statement, true when the key is missing.
package enum TrustForAllValuesAllow: PolicyRule {
    package static let rule = Rule("trust-forallvalues-allow", .policy, .error, title: "ForAllValues in an Allow statement",
        explanation: "`ForAllValues:` is true when the key is missing from the request, so an Allow statement with it can admit tokens that lack the claim entirely. Use `ForAnyValue:` or a single-valued operator.",
        source: RuleSource.multiValue)

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements where s.statement.effect == .allow {
            for c in s.statement.conditions where c.op.qualifier == .forAllValues {
                report.add(at: s.path(of: c), "ForAllValues: in an Allow statement is true when \(c.key) is missing from the request")
            }
        }
    }
}
