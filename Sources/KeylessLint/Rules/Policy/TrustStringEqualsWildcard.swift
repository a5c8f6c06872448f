import KeylessModel

/// `trust-stringequals-wildcard`: a `*` or `?` under an operator that compares literally.
package enum TrustStringEqualsWildcard: PolicyRule {
    package static let rule = Rule("trust-stringequals-wildcard", .policy, .error, title: "Wildcard under StringEquals",
        explanation: "`StringEquals` and `StringNotEquals` compare `*` and `?` literally, so the pattern matches no real token. Use `StringLike` for patterns.",
        source: RuleSource.operators)

    static let literal: Set<ConditionOperator.Base> = [.stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase]

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements {
            for c in s.statement.conditions where literal.contains(c.op.base) {
                guard let v = c.values.first(where: { $0.contains("*") || $0.contains("?") }) else { continue }
                report.add(at: s.path(of: c), "\(c.op) compares '\(v)' literally: the wildcard never matches; use StringLike")
            }
        }
    }
}
