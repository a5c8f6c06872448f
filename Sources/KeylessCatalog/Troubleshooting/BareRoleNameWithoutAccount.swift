import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func bareRoleNameWithoutAccount(_ ref: Reference) -> FailureMode {
        let id = "bare-role-name-without-account"
        let name = ref.exampleRole.name
        func workflow(_ role: String) -> Workflow {
            var step = credentials(ref)
            step.with[0] = KeyValue("role-to-assume", .string(role))
            return oidcWorkflow(ref, steps: [step, ref.callerIdentityStep])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "role-to-assume is a bare role name",
                symptomGroup: "Input validation",
                symptoms: [],
                cause: Prose.blocks("""
                    The action treats any `role-to-assume` that does not start with `arn:aws` as a role name and \
                    builds the ARN from the account of the credentials it already has. With OIDC it has none yet, so \
                    there is no account to build from. (The expansion also hard-codes `arn:aws:iam::`, which would be \
                    wrong in the `aws-cn` and `aws-us-gov` partitions.)
                    """),
                confirm: Prose.blocks("The step's `role-to-assume` is a name such as `\(name)`, not an ARN. No STS call is made."),
                fix: Prose.blocks("""
                    Pass the full ARN: `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`. `aws iam get-role --role-name NAME \
                    --query Role.Arn` prints it, path included.
                    """),
                rule: "role-to-assume-not-arn",
                sources: [Source.ccaFile("src/assumeRole.ts"), Source.ccaReadme]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Source Account ID is needed if the Role Name is provided and not the Role Arn.",
                            printedBy: "aws-actions/configure-aws-credentials v1.6.0 and later (an assertion before any call to STS: with OIDC there is no source account)",
                            source: assumeRoleSource),
                    scenario: "bare-role-name", .from("v1.6.0")),
            ],
            before: workflowSnippet(id, before: true, title: "Before: the role's name", workflow(name)),
            after: workflowSnippet(
                id, before: false, title: "After: the role's full ARN", workflow(ref.roleARN(ref.exampleRole.id)),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "role-to-assume"], "a full ARN: with OIDC there is no account to expand a name with")]))
    }
}
