/// A rule over one IAM policy document: its metadata and its check, in one file under `Rules/Policy/`.
package protocol PolicyRule {
    /// The rule's id, severity, title, explanation and source.
    static var rule: Rule { get }
    /// True for rules reported before the others at the same position (see `Rules.policyRunOrder`).
    static var runsEarly: Bool { get }
    /// Reports the rule's findings in `context`.
    static func check(_ context: PolicyContext, report: inout RuleReport)
}

extension PolicyRule {
    package static var runsEarly: Bool { false }
}
