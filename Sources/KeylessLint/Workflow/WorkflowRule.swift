/// A rule over one workflow (or fragment of steps): its metadata and its check, in one file under `Rules/Workflow/`.
package protocol WorkflowRule {
    /// The rule's id, severity, title, explanation and source.
    static var rule: Rule { get }
    /// True for rules reported before the others at the same position (see `Rules.workflowRunOrder`).
    static var runsEarly: Bool { get }
    /// Reports the rule's findings in `context`.
    static func check(_ context: WorkflowContext, report: inout RuleReport)
}

extension WorkflowRule {
    package static var runsEarly: Bool { false }
}
