import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func reusableWorkflowCallerSub(_ ref: Reference) -> FailureMode {
        let id = "reusable-workflow-caller-sub"
        let shared = "deploy-workflows"
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A reusable workflow presents its caller's sub",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [notAuthorizedV3(), notAuthorizedV1()],
                cause: Prose.blocks("""
                    When a job calls a reusable workflow, the token describes the caller: `sub`, `repository`, \
                    `ref` and `workflow` are the calling workflow's, and only the `job_workflow_ref` claim names the \
                    called one. A trust policy written for the repository that hosts the shared workflow \
                    (`\(sub(ref, .any, repo: shared))`) therefore refuses every caller. \
                    A second trap: a called workflow cannot raise its permissions above the caller's, so the \
                    calling job must grant `id-token: write` itself.
                    """),
                confirm: printClaims + Prose.blocks("""
                    Run the claims step inside the called workflow: `sub` names the caller's repository and ref, \
                    `job_workflow_ref` names `OWNER/\(shared)/.github/workflows/FILE.yml@REF`. If the log instead says \
                    *Credentials could not be loaded*, the caller did not grant `id-token: write`.
                    """),
                fix: Prose.blocks("""
                    Trust the callers' subjects: each repository and ref (or environment) that may deploy. Grant \
                    `id-token: write` on the calling job. To require the shared workflow as well, AWS STS accepts \
                    `token.actions.githubusercontent.com:job_workflow_ref` as a condition key since early 2026 (per \
                    the AWS announcement and the action's README; check the IAM condition-key reference before you \
                    rely on it), or you can customise the `sub` template to include `job_workflow_ref`, see \
                    [A customised subject template changed the whole sub](page:troubleshooting-custom-sub-template).
                    """),
                rule: nil,
                sources: [Source.githubReusable, Source.githubOIDC,
                          Link("AWS: STS supports validation of identity provider claims (2026)",
                               "https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/")]),
            before: policySnippet(id, before: true, title: "Before: trusts the repository of the shared workflow",
                                  ref.trustPolicy(repository: shared, subjects: [.any])),
            after: policySnippet(id, before: false, title: "After: trusts the caller that deploys",
                                 ref.trustPolicy(repository: "python-sdk", subjects: [.branch("main")])),
            prevent: Prose.blocks("""
                `keyless` rule `missing-id-token` reports a calling job without `id-token: write`. The `sub` side \
                needs the caller and the policy together: `keyless doctor`, coming in a later version, reports \
                each call's `sub` and whether the policy admits it.
                """))
    }
}
