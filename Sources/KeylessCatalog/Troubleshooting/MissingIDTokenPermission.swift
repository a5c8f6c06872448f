import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func missingIDTokenPermission(_ ref: Reference) -> FailureMode {
        let action = Link("aws-actions/configure-aws-credentials README, OIDC section", "https://github.com/aws-actions/configure-aws-credentials#oidc")
        let job = "deploy"
        func workflow(_ permissions: Permissions?) -> Workflow {
            Workflow(
                name: "Deploy", triggers: [.workflowDispatch(inputs: [])], permissions: .scopes([]),
                concurrency: Concurrency(group: "deploy", cancelInProgress: false),
                jobs: [
                    Job(
                        id: job, name: "Deploy", runsOn: "ubuntu-latest", permissions: permissions, timeoutMinutes: 15,
                        steps: [ref.credentialsStep(role: .string(ref.roleARN(ref.exampleRole.id)), sessionName: "github-actions-deploy"), ref.callerIdentityStep])
                ])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: "missing-id-token-permission", title: "The job cannot request an OIDC token",
                symptomGroup: "Credentials could not be loaded",
                symptoms: [],
                cause: Prose.blocks("""
                    GitHub gives a job the two variables it needs to request a token \
                    (`ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`) only when the job's \
                    effective permissions include `id-token: write`. A job-level `permissions:` block replaces \
                    the workflow-level one, so a job that lists only `contents: read` loses `id-token`.
                    """),
                confirm: Prose.blocks("""
                    Open the run, expand *Set up job* and read the *GITHUB_TOKEN Permissions* list: `IdToken: write` \
                    is missing. The information line above the error is the action's own test: it prints it whenever \
                    `role-to-assume` is set and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` is not, then skips OIDC and tries \
                    the SDK's credential chain. It never calls the toolkit's `getIDToken`, so debug logging adds no \
                    `Unable to get ACTIONS_ID_TOKEN_REQUEST_URL` line here.
                    """),
                fix: Prose.blocks("Grant `id-token: write` on the job that assumes the role, and nothing at workflow level."),
                rule: "missing-id-token",
                sources: [indexSource, action,
                          Link("GitHub: adding permission settings", "https://docs.github.com/en/actions/reference/security/oidc#adding-permissions-settings")]),
            symptoms: [didYouMeanIDToken, couldNotLoadCredentials, couldNotDetermine],
            before: Snippet(
                id: "ts-missing-id-token-before", path: "Snippets/troubleshooting/missing-id-token-permission/before/workflow.yml",
                title: "Before: no id-token permission", content: .workflow(workflow(.scopes([PermissionGrant(.contents, .read)])))),
            after: Snippet(
                id: "ts-missing-id-token-after", path: "Snippets/troubleshooting/missing-id-token-permission/workflow.yml",
                title: "After: id-token granted on the job", content: .workflow(workflow(.scopes([PermissionGrant(.idToken, .write)]))),
                comments: [SnippetComment(["jobs", job, "permissions", "id-token"], "lets the job request an OIDC token")]))
    }
}
