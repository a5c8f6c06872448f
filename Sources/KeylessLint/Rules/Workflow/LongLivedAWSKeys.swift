import KeylessModel

/// `long-lived-aws-keys`: an AWS access key from a secret reaches the workflow.
package enum LongLivedAWSKeys: WorkflowRule {
    package static let rule = Rule("long-lived-aws-keys", .workflow, .error, title: "Long-lived AWS access keys",
        explanation: "The workflow passes an AWS access key from a secret: through the action's `aws-access-key-id` / `aws-secret-access-key` inputs, through `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in `env:`, or as a secret of a reusable workflow. Such a key never expires and works from anywhere. Assume a role with OIDC instead.",
        source: RuleSource.awsDoc)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for block in context.envBlocks {
            for kv in block.env where ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].contains(kv.key) && kv.value.text.contains("secrets.") {
                report.add(at: block.path + [.key(kv.key)], "\(kv.key) is set from a secret: a long-lived access key")
            }
        }
        for trigger in context.workflow?.triggers ?? [] {
            guard case .workflowCall(_, let secrets) = trigger else { continue }
            for s in secrets where looksLikeAWSKey(s.id) {
                report.add(at: [.key("on"), .key("workflow_call"), .key("secrets"), .key(s.id)],
                           "reusable workflow declares the AWS key secret '\(s.id)'; callers pass a long-lived key")
            }
        }
        for job in context.jobs where job.job.uses != nil {
            guard case .explicit(let secrets)? = job.job.secrets else { continue }
            for kv in secrets where looksLikeAWSKey(kv.key) || looksLikeAWSKey(kv.value.text) {
                report.add(at: job.path + [.key("secrets"), .key(kv.key)], "the job passes the AWS key secret '\(kv.key)' to a reusable workflow")
            }
        }
        for step in context.credentialSteps {
            for key in ["aws-access-key-id", "aws-secret-access-key"] where step.step.input(key) != nil {
                report.add(at: step.path + [.key("with"), .key(key)], "the step signs in with a long-lived access key ('\(key)'); assume a role with OIDC instead")
            }
        }
    }

    /// Secret names that hold AWS access keys: `AWS_ACCESS_KEY_ID`, `…_AWS_USER_KEY_ID`, `…_AWS_…_KEY_SECRET`.
    package static func looksLikeAWSKey(_ name: String) -> Bool {
        let u = name.uppercased()
        guard u.contains("AWS") || u.contains("ACCESS_KEY") else { return false }
        return u.contains("ACCESS_KEY") || u.contains("KEY_ID") || u.contains("KEY_SECRET") || u.contains("SECRET_KEY")
    }
}
