import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func allowedAccountIDs(_ ref: Reference) -> FailureMode {
        let id = "allowed-account-ids"
        func workflow(_ guarded: Bool) -> Workflow {
            oidcWorkflow(ref, steps: [
                credentials(ref, extra: guarded ? [KeyValue("allowed-account-ids", .string(ref.config.account.description))] : []),
                ref.callerIdentityStep,
            ])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "Credentials for the wrong AWS account",
                symptomGroup: "does not match any of the expected account IDs",
                symptoms: [],
                cause: Prose.blocks("""
                    With several AWS accounts (production, staging, testing), a role ARN copied from another \
                    workflow or an environment variable set for the wrong environment makes a job authenticate \
                    fine, in the wrong account. Nothing fails until a resource is missing, or worse, exists. From \
                    v5.0.0 the `allowed-account-ids` input (a comma-separated list) makes the action check the \
                    account of the credentials it obtained with `sts:GetCallerIdentity` and fail when it is not \
                    listed. v4 and earlier do not know the input: they ignore it, and the step passes.
                    """),
                confirm: Prose.blocks("""
                    The step's `aws-account-id` output, or `aws sts get-caller-identity --query Account` right after \
                    it, names another account than the environment's. The role ARN's account (the fifth field of \
                    `arn:aws:iam::ACCOUNT:role/NAME`) is the one you get.
                    """),
                fix: Prose.blocks("""
                    Fix the role ARN of the environment, and pin the account on every credentials step with \
                    `allowed-account-ids`, quoted so YAML keeps the twelve digits a string. Per-environment roles should come from one table, \
                    as in the configuration this guide is generated from.
                    """),
                rule: nil,
                sources: [Source.ccaFile("action.yml", at: "v6.2.3"), Source.ccaFile("src/helpers.ts", at: "v6.2.3"), Source.ccaReadme]),
            symptoms: [
                .reproduced(
                    LogLine("Error: The account ID of the provided credentials (444455556666) does not match any of the expected account IDs: 111122223333",
                            printedBy: "aws-actions/configure-aws-credentials v5.0.0 and later, after a successful `AssumeRoleWithWebIdentity`, when `GetCallerIdentity` names another account than `allowed-account-ids` lists (the numbers are the two accounts)",
                            source: Source.ccaFile("src/helpers.ts", at: "v6.2.3")),
                    scenario: "allowed-account-mismatch", .from("v5.0.0")),
            ],
            before: workflowSnippet(id, before: true, title: "Before: any account the role ARN names is accepted", workflow(false)),
            after: workflowSnippet(
                id, before: false, title: "After: the step fails unless the credentials are for this account", workflow(true),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "allowed-account-ids"], "v5.0.0+: fail on credentials for any other account")]),
            prevent: Prose.blocks("""
                No static rule knows which account an environment belongs to. `allowed-account-ids` turns the \
                mistake into a failed step at the start of the job.
                """))
    }
}
