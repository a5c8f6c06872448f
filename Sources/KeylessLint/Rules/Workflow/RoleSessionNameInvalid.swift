import KeylessModel

/// `role-session-name-invalid`: STS would refuse the `role-session-name`.
package enum RoleSessionNameInvalid: WorkflowRule {
    package static let rule = Rule("role-session-name-invalid", .workflow, .error, title: "Invalid role session name",
        explanation: "STS accepts a `RoleSessionName` of 2 to 64 characters from `[\\w+=,.@-]`. Spaces, slashes and colons are refused. Parts written as `${{ }}` are counted as at least one character.",
        source: RuleSource.sts)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for step in context.credentialSteps {
            guard case .string(let s)? = step.step.input("role-session-name"), let problem = Validate.sessionNameProblem(s) else { continue }
            report.add(at: step.path + [.key("with"), .key("role-session-name")], "role-session-name '\(s)' \(problem)")
        }
    }
}
