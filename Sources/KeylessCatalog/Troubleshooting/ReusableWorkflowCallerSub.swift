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
                symptoms: [],
                cause: Prose.blocks("""
                    When a job calls a reusable workflow, the token describes the caller: `sub`, `repository`, \
                    `ref` and `workflow` are the calling workflow's, and only the `job_workflow_ref` claim names the \
                    called one. A trust policy written for the repository that hosts the shared workflow \
                    (`\(sub(ref, .any, repo: shared))`) therefore refuses every caller. \
                    A second trap: a called workflow cannot raise its permissions above the caller's, so the \
                    calling job must grant `id-token: write` itself, or GitHub rejects the run before it starts.
                    """),
                confirm: printClaims + Prose.blocks("""
                    Run the claims step inside the called workflow: `sub` names the caller's repository and ref, \
                    `job_workflow_ref` names `OWNER/\(shared)/.github/workflows/FILE.yml@REF`. If instead the run never \
                    started and GitHub reports `The nested job '…' is requesting 'id-token: write', but is only \
                    allowed 'id-token: none'.`, the caller did not grant the permission: see \
                    [The caller of a reusable workflow does not grant id-token](page:troubleshooting-nested-job-id-token-none).
                    """),
                fix: Prose.blocks("""
                    Trust the callers' subjects: each repository and ref (or environment) that may deploy. Grant \
                    `id-token: write` on the calling job. To require the shared workflow as well, customise the \
                    repository's `sub` template to include `job_workflow_ref` (GitHub documents this for reusable \
                    workflows) and write the policy for the new form, see \
                    [A customised subject template changed the whole sub](page:troubleshooting-custom-sub-template).
                    """),
                rule: nil,
                sources: [Source.githubReusable, Source.githubOIDC]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1()],
            before: policySnippet(id, before: true, title: "Before: trusts the repository of the shared workflow",
                                  ref.trustPolicy(repository: shared, subjects: [.any])),
            after: policySnippet(id, before: false, title: "After: trusts the caller that deploys",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])),
            prevent: Prose.blocks("""
                `keyless` rule `missing-id-token` reports a calling job without `id-token: write`. The `sub` side \
                needs the caller and the policy together: `keyless claims CALLER.yml --repo OWNER/REPO` prints the \
                `sub` and `job_workflow_ref` each calling job presents, and `keyless simulate` evaluates the policy \
                against them.
                """))
    }
}
