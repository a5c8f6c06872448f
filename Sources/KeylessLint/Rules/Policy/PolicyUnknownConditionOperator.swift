import KeylessModel

/// `policy-unknown-condition-operator`: a condition operator IAM does not define.
package enum PolicyUnknownConditionOperator: PolicyRule {
    package static let rule = Rule("policy-unknown-condition-operator", .policy, .error, title: "Unknown condition operator",
        explanation: "IAM rejects a policy whose condition operator it does not define; check the spelling and the `ForAnyValue:` / `ForAllValues:` prefixes and the `IfExists` suffix.",
        source: RuleSource.operators)

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        Self.report(context.removedOperators, into: &report)
    }

    /// One finding per removed operator.
    static func report(_ removed: [RemovedOperator], into report: inout RuleReport) {
        for r in removed {
            report.add(at: r.path, "'\(r.name)' is not an IAM condition operator")
        }
    }

    /// Removes the operators IAM does not define from the JSON object, so the policy still decodes and
    /// the other rules still run; returns what was removed, where.
    static func strip(_ any: inout Any, singleStatement single: Bool) -> [RemovedOperator] {
        guard var doc = any as? [String: Any],
              var statements = single ? [doc["Statement"]!] : doc["Statement"] as? [Any] else { return [] }
        var removed: [RemovedOperator] = []
        for (i, s) in statements.enumerated() {
            guard var st = s as? [String: Any], var cond = st["Condition"] as? [String: Any] else { continue }
            for op in cond.keys.sorted() where ConditionOperator(parsing: op) == nil {
                removed.append(RemovedOperator(name: op, path: [.key("Statement")] + (single ? [] : [.index(i)]) + [.key("Condition"), .key(op)]))
                cond[op] = nil
            }
            st["Condition"] = cond
            statements[i] = st
        }
        doc["Statement"] = single ? statements[0] : statements
        any = doc
        return removed
    }
}
