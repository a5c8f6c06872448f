/// `role-to-assume-not-arn`: with OIDC the role is given by name, which the action cannot resolve.
package enum RoleToAssumeNotARN: WorkflowRule {
    package static let rule = Rule("role-to-assume-not-arn", .workflow, .error, title: "Role given by name with OIDC",
        explanation: "With OIDC the action has no account to build an ARN from, so `role-to-assume` must be the full role ARN. A bare name fails with \"Source Account ID is needed if the Role Name is provided and not the Role Arn.\"",
        source: RuleSource.action)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for step in context.steps where step.assumesRoleWithOIDC {
            // An expression may well give an ARN: only literal names are flagged.
            guard case .string(let role)? = step.step.input("role-to-assume"), !role.hasPrefix("arn:"), !role.contains("${{") else { continue }
            report.add(at: step.path + [.key("with"), .key("role-to-assume")], "role-to-assume '\(role)' is not an ARN; with OIDC give the full role ARN")
        }
    }
}
