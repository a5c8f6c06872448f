import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func secondCredentialsStepWithoutChaining(_ ref: Reference) -> FailureMode {
        let id = "second-credentials-step-without-chaining"
        let target = "\(ref.exampleName)-deploy"
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
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    The first step assumed a role and exported `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and \
                    `AWS_SESSION_TOKEN`. The second step is meant to start from those credentials and assume a \
                    second role, but it does not say so. With `id-token: write` in the job, the action takes the OIDC \
                    path whenever `role-to-assume` is set and none of `aws-access-key-id`, `web-identity-token-file` \
                    or `role-chaining` is: it ignores the exported keys, requests a new token and calls \
                    `AssumeRoleWithWebIdentity` for the second role. A second role that trusts only the first role (an \
                    `AWS` principal), not the OIDC provider, refuses it. The harness shows the call: the second step \
                    sends `AssumeRoleWithWebIdentity`, not `AssumeRole`.
                    """),
                confirm: Prose.blocks("""
                    The job has two configure-aws-credentials steps, the failing one is the second, and it has no \
                    `role-chaining: true`. The first one logged `Authenticated as assumedRoleId …`. In CloudTrail the \
                    refused call is an `AssumeRoleWithWebIdentity` for the second role.
                    """),
                fix: Prose.blocks("""
                    Set `role-chaining: true` on the later step, so it assumes its role with `AssumeRole` and the \
                    credentials the first step exported. The second role's trust policy must then allow the first \
                    role both `sts:AssumeRole` and `sts:TagSession`, because the action tags the session (or set \
                    `role-skip-session-tagging: true` on the step), see \
                    [Role chaining is refused with sts:TagSession](page:troubleshooting-chaining-tag-session-denied). \
                    A chained session lasts at most one hour: see \
                    [Role chaining is limited to one hour](page:troubleshooting-role-chaining-over-one-hour). \
                    Alternatively let the second role trust the OIDC provider with the job's `sub`, and drop the \
                    chain.
                    """),
                rule: nil,
                sources: [indexSource, Source.ccaReadme, Source.ccaIssue(391), Source.ccaIssue(1396)]),
            symptoms: [
                .reproduced(
                    LogLine(notAuthorizedV3().line.text,
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later, on the second step of a job with `id-token: write` when that step has no `role-chaining: true` and the second role trusts only the first",
                            source: indexSource),
                    scenario: "second-step-oidc-again", .from("v3.0.0")),
                .quoted(LogLine("Error: Not authorized to perform sts:AssumeRoleWithWebIdentity",
                                printedBy: "aws-actions/configure-aws-credentials v1, the same second step (v1.6.0 to v2.2.0 took the OIDC path the same way and printed STS's message unwrapped)",
                                source: Source.ccaIssue(391)),
                        versions: "v1.6.0 to v2.2.0"),
            ],
            before: workflowSnippet(id, before: true, title: "Before: the second step does not say it chains", workflow(false)),
            after: workflowSnippet(
                id, before: false, title: "After: the second step chains from the first role", workflow(true),
                comments: [SnippetComment(["jobs", deployJob, "steps", "2", "with", "role-chaining"], "AssumeRole with the first role's credentials, not a second OIDC exchange")]),
            prevent: Prose.blocks("""
                No `keyless` rule checks this yet. Look for jobs with more than one configure-aws-credentials step \
                and `id-token: write`: every later step whose role trusts the first role, not the OIDC provider, \
                needs `role-chaining: true`.
                """))
    }
}
