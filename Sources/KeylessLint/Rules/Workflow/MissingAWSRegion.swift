/// `missing-aws-region`: the credentials step has no region from its inputs or the environment.
package enum MissingAWSRegion: WorkflowRule {
    package static let rule = Rule("missing-aws-region", .workflow, .error, title: "No AWS region",
        explanation: "The action requires `aws-region` (or `AWS_REGION` / `AWS_DEFAULT_REGION` in the environment); without it the step fails with \"Input required and not supplied: aws-region\".",
        source: RuleSource.action)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for step in context.credentialSteps where step.step.input("aws-region") == nil {
            let env = step.step.env + (step.job?.job.env ?? []) + (context.workflow?.env ?? [])
            if env.contains(where: { $0.key == "AWS_REGION" || $0.key == "AWS_DEFAULT_REGION" }) { continue }
            report.add(at: step.path + [.key("uses")], "the credentials step has no aws-region (nor AWS_REGION in env)")
        }
    }
}
