/// `trust-stringlike-without-wildcard`: `StringLike` where `StringEquals` says the same.
package enum TrustStringLikeWithoutWildcard: PolicyRule {
    package static let rule = Rule("trust-stringlike-without-wildcard", .policy, .note, title: "StringLike without a wildcard",
        explanation: "`StringLike` with no `*` or `?` works like `StringEquals`; use `StringEquals` to say what is meant.",
        source: RuleSource.operators)

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements {
            for c in s.statement.conditions where [.stringLike, .stringNotLike].contains(c.op.base) {
                guard !c.values.contains(where: { $0.contains("*") || $0.contains("?") }) else { continue }
                report.add(at: s.path(of: c), "\(c.op) on \(c.key) has no wildcard; StringEquals says the same")
            }
        }
    }
}
