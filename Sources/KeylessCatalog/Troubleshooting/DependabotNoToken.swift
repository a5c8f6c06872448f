import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func dependabotNoToken(_ ref: Reference) -> FailureMode {
        let id = "dependabot-no-token"
        let doc = Link(
            "GitHub: troubleshooting Dependabot on GitHub Actions",
            "https://docs.github.com/en/code-security/dependabot/troubleshooting-dependabot/troubleshooting-dependabot-on-github-actions")
        func workflow(_ guarded: Bool) -> Workflow {
            oidcWorkflow(
                ref, name: "Integration tests", triggers: [.push(EventFilter(branches: ["main"])), .pullRequest(EventFilter(branches: ["main"]))],
                jobName: "Integration tests",
                condition: guarded ? Expression("github.actor != 'dependabot[bot]' && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)") : nil,
                steps: [credentials(ref, role: "lambda-test", sessionName: "github-actions-integration"), ref.callerIdentityStep])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "Dependabot runs get no OIDC token",
                symptomGroup: "Credentials could not be loaded",
                symptoms: [
                    LogLine(couldNotLoadCredentials.text,
                            printedBy: "aws-actions/configure-aws-credentials v2 and later, in a run started by Dependabot (the same line as a missing `id-token` permission)",
                            source: doc),
                    didYouMeanIDToken,
                ],
                cause: Prose.blocks("""
                    GitHub treats Dependabot's runs as if they came from a fork. For workflows started by \
                    `dependabot[bot]` on `pull_request`, `push` and a few other events, the `GITHUB_TOKEN` is read-only \
                    by default, so no `id-token: write` and no OIDC token. GitHub's documentation adds that the \
                    restriction holds even when someone else re-runs the workflow.
                    """),
                confirm: Prose.blocks("""
                    The run's actor is `dependabot[bot]` (the run page shows it; in expressions, `github.actor`). The \
                    same workflow passes on a push by a person. *Set up job* → *GITHUB_TOKEN Permissions* lacks \
                    `IdToken: write`.
                    """),
                fix: Prose.blocks("""
                    Skip the AWS job for Dependabot with `github.actor != 'dependabot[bot]'` in the job's `if:`; a fork \
                    guard alone does not do it, because Dependabot's branches live in your repository. Dependency \
                    updates still get the tests that need no AWS access, and the AWS tests run when the update is \
                    merged to `main`.
                    """),
                rule: nil,
                sources: [doc, Source.githubOIDC]),
            before: workflowSnippet(id, before: true, title: "Before: Dependabot's pull requests try to assume the role", workflow(false)),
            after: workflowSnippet(
                id, before: false, title: "After: Dependabot and forks skip the AWS job", workflow(true),
                comments: [SnippetComment(["jobs", deployJob, "if"], "Dependabot and fork runs get no OIDC token")]),
            prevent: Prose.blocks("""
                No `keyless` rule flags a missing Dependabot guard yet: `pull-request-oidc-without-fork-guard` looks for \
                the fork guard, which Dependabot's branches pass. Add the guard to every job that assumes a role and \
                runs on `pull_request` or `push` in a repository where Dependabot is enabled.
                """))
    }
}
