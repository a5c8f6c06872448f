import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func secondCredentialsStepWithoutChaining(_ ref: Reference) -> FailureMode {
        let id = "second-credentials-step-without-chaining"
        let client = Source.ccaFile("src/CredentialsClient.ts", at: "v5.0.0")
        let target = "honeyhive-python-sdk-lambda-deploy"
        func workflow(_ chained: Bool) -> Workflow {
            oidcWorkflow(ref, steps: [
                credentials(ref),
                credentials(ref, role: target, sessionName: "github-actions-deploy-chained",
                            extra: chained ? [KeyValue("role-chaining", .bool(true))] : [],
                            name: "Assume the deployment role from the first role"),
                ref.callerIdentityStep,
            ])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A second credentials step in the same job fails",
                symptomGroup: "Credentials loaded by the SDK do not match",
                symptoms: [
                    LogLine("Error: Credentials loaded by the SDK do not match the expected access key ID configured by the action",
                            printedBy: "aws-actions/configure-aws-credentials v5.0.0 and later", source: client),
                    LogLine("Unexpected failure: Credentials loaded by the SDK do not match the access key ID configured by the action",
                            printedBy: "aws-actions/configure-aws-credentials v1.7.0", source: Source.ccaFile("index.js", at: "v1.7.0")),
                ],
                cause: Prose.blocks("""
                    The first step exported `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` into \
                    the job's environment. A later step that should start from those credentials, to assume a second \
                    role, was not told so: it loads credentials one way, the SDK finds the exported ones, and the \
                    action's consistency check fails. The action's README says to enable `role-chaining` when you \
                    see this error.
                    """),
                confirm: Prose.blocks("""
                    The job has two configure-aws-credentials steps and the failing one is the second. The first one \
                    logged `Authenticated as assumedRoleId …` (or exported keys).
                    """),
                fix: Prose.blocks("""
                    Set `role-chaining: true` on the later step, so it assumes its role with the credentials the first \
                    step exported; the second role's trust policy must then trust the first role (an `AWS` principal), \
                    not the OIDC provider. If the second step should start afresh instead, set \
                    `unset-current-credentials: true` on it. A chained session lasts at most one hour: see \
                    [Role chaining is limited to one hour](page:troubleshooting-role-chaining-over-one-hour).
                    """),
                rule: nil,
                sources: [client, Source.ccaReadme]),
            before: workflowSnippet(id, before: true, title: "Before: the second step does not say it chains", workflow(false)),
            after: workflowSnippet(
                id, before: false, title: "After: the second step chains from the first role", workflow(true),
                comments: [SnippetComment(["jobs", deployJob, "steps", "2", "with", "role-chaining"], "start from the credentials the previous step exported")]),
            prevent: Prose.blocks("""
                No `keyless` rule checks this yet. Look for jobs with more than one configure-aws-credentials step: \
                every step after the first needs `role-chaining: true` or `unset-current-credentials: true`.
                """))
    }
}
