import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func forkPullRequestNoToken(_ ref: Reference) -> FailureMode {
        let id = "fork-pull-request-no-token"
        let triggers: [Trigger] = [.pullRequest(EventFilter(branches: ["main"]))]
        func workflow(_ guarded: Bool) -> Workflow {
            oidcWorkflow(
                ref, name: "Pull request checks", triggers: triggers, jobName: "Integration tests",
                condition: guarded ? Expression("github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'") : nil,
                steps: [credentials(ref, role: ref.pullRequestRole.id, sessionName: "github-actions-pr-tests"), ref.callerIdentityStep])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A pull request from a fork gets no OIDC token",
                symptomGroup: "Credentials could not be loaded",
                symptoms: [],
                cause: Prose.blocks("""
                    For `pull_request` runs whose head branch lives in a fork, GitHub caps the `GITHUB_TOKEN` at \
                    read access, so the job normally gets no `id-token: write` whatever the workflow asks for, and \
                    no Actions secrets either. The runner sets no `ACTIONS_ID_TOKEN_REQUEST_*` variables, so the \
                    action has no token to exchange: it prints its `id-token` hint and falls back to the SDK's \
                    credential chain, which is empty. This is deliberate: code from a stranger's fork must not reach \
                    your AWS account. (When `role-to-assume` comes from `secrets.*`, the secret is empty in such a run \
                    and the hint line is missing, as in \
                    [Dependabot runs see no Actions secrets](page:troubleshooting-dependabot-no-token).)
                    """),
                confirm: Prose.blocks("""
                    The run's event is `pull_request` and its head repository is not yours: \
                    `github.event.pull_request.head.repo.fork` is `true`. In the log, *Set up job* → \
                    *GITHUB_TOKEN Permissions* has no `IdToken: write`. CloudTrail has no `AssumeRoleWithWebIdentity` \
                    event for the run, because the action never reached STS.
                    """),
                fix: Prose.blocks("""
                    Skip the AWS job for fork pull requests, so forks get a skipped job instead of a red one:

                    - `if: github.event.pull_request.head.repo.full_name == github.repository` on the job.
                    - Run what needs AWS after review, from a trusted event (`push` to `main`, or `workflow_dispatch`).

                    Do not switch to `pull_request_target` to get a token: it runs with your secrets and an \
                    `id-token`, and checking out the fork's code there hands both to the fork.
                    """),
                rule: "pull-request-oidc-without-fork-guard",
                sources: [Source.ccaIssue(373), Source.ccaIssue(564), Link("JuliaCloud/AWS.jl issue #634", "https://github.com/JuliaCloud/AWS.jl/issues/634"), Source.githubOIDC,
                          Link("GitHub: permissions for the GITHUB_TOKEN (pull requests from forks)", "https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token")]),
            symptoms: [didYouMeanIDToken, couldNotLoadCredentials],
            before: workflowSnippet(id, before: true, title: "Before: every pull request tries to assume the role", workflow(false)),
            after: workflowSnippet(
                id, before: false, title: "After: fork pull requests skip the job", workflow(true),
                comments: [SnippetComment(["jobs", deployJob, "if"], "forks get no OIDC token: skip instead of failing")]))
    }
}
