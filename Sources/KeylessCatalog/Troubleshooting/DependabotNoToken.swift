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
        let automating = Link(
            "GitHub: automating Dependabot with GitHub Actions (changing GITHUB_TOKEN permissions)",
            "https://docs.github.com/en/code-security/dependabot/working-with-dependabot/automating-dependabot-with-github-actions#changing-github_token-permissions")
        func workflow(_ fixed: Bool) -> Workflow {
            var step = credentials(ref, role: ref.pullRequestRole.id, sessionName: "github-actions-integration")
            if !fixed {
                step = ref.credentialsStep(role: .expression(Expression("secrets.AWS_ROLE_ARN")), sessionName: "github-actions-integration")
            }
            return oidcWorkflow(
                ref, name: "Integration tests", triggers: [.push(EventFilter(branches: ["main"])), .pullRequest(EventFilter(branches: ["main"]))],
                jobName: "Integration tests",
                condition: fixed ? Expression("github.actor != 'dependabot[bot]' && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)") : nil,
                steps: [step, ref.callerIdentityStep])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "Dependabot runs see no Actions secrets",
                symptomGroup: "Credentials could not be loaded",
                symptoms: [],
                cause: Prose.blocks("""
                    For runs started by `dependabot[bot]` on `pull_request`, `push` and a few other events, GitHub \
                    documents two restrictions: the `GITHUB_TOKEN` is read-only *by default*, and secrets come from \
                    Dependabot secrets only, *GitHub Actions secrets are not available*. They hold even when someone \
                    else re-runs the workflow.

                    The token is not what usually fails: GitHub also documents that the `permissions` key raises the \
                    token's access for these runs, so a job that asks for `id-token: write` can get an OIDC token. \
                    What fails is the role: a `role-to-assume: ${{ secrets.AWS_ROLE_ARN }}` expands to an empty \
                    string, the action sees no role, skips OIDC without its `id-token` hint, and reports that the \
                    SDK's credential chain is empty. Only a job that grants no `id-token: write` (or leaves \
                    `permissions` at the read-only default) sees the hint line as well.
                    """),
                confirm: Prose.blocks("""
                    The run's actor is `dependabot[bot]` (the run page shows it; in expressions, `github.actor`), and \
                    the step's inputs at the top of its log show `role-to-assume:` with nothing after it. The same \
                    workflow passes on a push by a person.
                    """),
                fix: Prose.blocks("""
                    A role ARN is not a secret: write it into the workflow instead of \
                    `secrets.*`, and let the trust policy decide whether Dependabot's runs may assume the role (its \
                    pull requests present `sub` `repo:OWNER/REPO:pull_request`). If they should not reach AWS at \
                    all, skip the job with `github.actor != 'dependabot[bot]'` in its `if:`; dependency updates still \
                    get the tests that need no AWS, and the AWS tests run when the update is merged to `main`. \
                    Storing the ARN as a Dependabot secret of the same name works too, at the cost of a second copy.
                    """),
                rule: "pull-request-oidc-without-fork-guard",
                sources: [doc, automating, Source.githubOIDC]),
            symptoms: [
                .reproduced(
                    LogLine(couldNotLoadCredentialsLine.text,
                            printedBy: "aws-actions/configure-aws-credentials v3.0.2 and later when `role-to-assume` comes from an Actions secret the run cannot see: no `id-token` hint precedes it, because the action sees no role at all",
                            source: clientSource),
                    scenario: "empty-role-to-assume", .from("v3.0.2")),
            ],
            before: workflowSnippet(id, before: true, title: "Before: the role ARN from an Actions secret, empty in Dependabot's runs", workflow(false)),
            after: workflowSnippet(
                id, before: false, title: "After: the ARN in the workflow, and Dependabot and forks skip the AWS job", workflow(true),
                comments: [SnippetComment(["jobs", deployJob, "if"], "Dependabot runs see no Actions secrets; fork runs get no OIDC token")]),
            prevent: Prose.blocks("""
                On `pull_request`, `pull-request-oidc-without-fork-guard` reports a job that assumes a role without \
                both guards (the fork test and `dependabot[bot]`). Dependabot's `push` runs are not covered: add the \
                actor guard there too, or keep the role ARN out of `secrets.*`.
                """))
    }
}
