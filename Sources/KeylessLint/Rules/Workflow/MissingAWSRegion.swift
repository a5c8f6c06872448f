import KeylessModel

/// `missing-aws-region`: the credentials step has no region from its inputs or the environment.
package enum MissingAWSRegion: WorkflowRule {
    package static let rule = Rule("missing-aws-region", .workflow, .error, title: "No AWS region",
        explanation: "The action requires `aws-region`; from v4.2.0 an `AWS_REGION` environment variable also satisfies it, `AWS_DEFAULT_REGION` does not (the action copies only `AWS_REGION` into the input). Without either the step fails with \"Input required and not supplied: aws-region\".",
        source: KeylessModel.Reference("aws-actions/configure-aws-credentials src/helpers.ts at v4.2.0 (translateEnvVariables)",
                                       "https://github.com/aws-actions/configure-aws-credentials/blob/v4.2.0/src/helpers.ts"))

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for step in context.credentialSteps where step.step.input("aws-region") == nil {
            // Since v4.2.0 the action copies an `AWS_REGION` variable into the `aws-region` input
            // (translateEnvVariables); `AWS_DEFAULT_REGION` is not on its list, so it satisfies nothing.
            let env = step.step.env + (step.job?.job.env ?? []) + (context.workflow?.env ?? [])
            if env.contains(where: { $0.key == "AWS_REGION" }) { continue }
            report.add(at: step.path + [.key("uses")], "the credentials step has no aws-region (nor AWS_REGION in env; AWS_DEFAULT_REGION does not count)")
        }
    }
}
