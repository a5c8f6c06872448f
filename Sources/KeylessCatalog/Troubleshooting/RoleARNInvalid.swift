import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func roleARNInvalid(_ ref: Reference) -> FailureMode {
        let id = "role-arn-invalid"
        let name = ref.exampleRole.name
        let assumed = "arn:aws:sts::\(ref.config.account.description):assumed-role/\(name)/github-actions-deploy"
        func workflow(_ role: String) -> Workflow {
            var step = credentials(ref)
            step.with[0] = KeyValue("role-to-assume", .string(role))
            return oidcWorkflow(ref, steps: [step, ref.callerIdentityStep])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "role-to-assume is not a role ARN",
                symptomGroup: "Request ARN is invalid",
                symptoms: [],
                cause: Prose.blocks("""
                    The value is not of the form `arn:PARTITION:iam::ACCOUNT:role/NAME`: an `assumed-role` ARN copied \
                    from `aws sts get-caller-identity`, an ARN without its account, or a secret with a trailing \
                    newline or space. Some wrong ARNs (an `oidc-provider` ARN, say) are refused with *Not authorized* \
                    instead, so check the value whenever the message is unexpected.
                    """),
                confirm: Prose.blocks("""
                    CloudTrail's `AssumeRoleWithWebIdentity` event shows the value in `requestParameters.roleArn`. \
                    A value from a secret is masked in the log: compare its length with the ARN's.
                    """),
                fix: Prose.blocks("""
                    Use the role's ARN, `aws iam get-role --role-name NAME --query Role.Arn`. Role ARNs are not \
                    secret; a literal in the workflow (or a repository variable) is easier to check than a secret.
                    """),
                rule: "role-to-assume-not-arn",
                sources: [Link("crossplane-contrib/provider-aws issue #517", "https://github.com/crossplane-contrib/provider-aws/issues/517"),
                          Link("diggerhq/digger issue #1211", "https://github.com/diggerhq/digger/issues/1211"), Source.stsWebIdentity]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: Request ARN is invalid",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later: the action's prefix, then STS's `ValidationError` message (quoted in CircleCI-Public/aws-ecr-orb issue #211)",
                            source: assumeRoleSource),
                    scenario: "role-arn-invalid", .from("v3.0.0")),
                .quoted(LogLine("An error occurred (ValidationError) when calling the AssumeRoleWithWebIdentity operation: Request ARN is invalid",
                                printedBy: "the AWS CLI, for the same refusal by STS", source: Link("CircleCI-Public/aws-ecr-orb issue #211", "https://github.com/CircleCI-Public/aws-ecr-orb/issues/211")),
                        versions: "the AWS CLI (any version)"),
            ],
            before: workflowSnippet(id, before: true, title: "Before: the session's assumed-role ARN", workflow(assumed)),
            after: workflowSnippet(
                id, before: false, title: "After: the role's ARN", workflow(ref.roleARN(ref.exampleRole.id)),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "role-to-assume"], "arn:aws:iam::ACCOUNT:role/NAME, not an sts assumed-role ARN")]))
    }
}
