import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func emptyRoleToAssume(_ ref: Reference) -> FailureMode {
        let id = "empty-role-to-assume"
        let secretsDoc = Link("GitHub: using secrets in GitHub Actions",
                              "https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions")
        func workflow(_ fixed: Bool) -> Workflow {
            let step = fixed ? credentials(ref)
                : ref.credentialsStep(role: .expression(Expression("secrets.AWS_ROLE_ARN")), sessionName: "github-actions-deploy")
            return oidcWorkflow(ref, steps: [step, ref.callerIdentityStep])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "role-to-assume is empty because the run sees no secrets",
                symptomGroup: "Credentials could not be loaded",
                symptoms: [],
                cause: Prose.blocks("""
                    `role-to-assume: ${{ secrets.NAME }}` expands to an empty string whenever the run cannot read \
                    the secret: runs started by Dependabot (they see Dependabot secrets only), pull requests from \
                    forks (no secrets but `GITHUB_TOKEN`), a secret defined in an environment the job does not \
                    name, or a misspelt name. With an empty role the action has nothing to assume: it skips OIDC \
                    (and so prints no `id-token` hint, even with `id-token: write`), tries the SDK's credential chain, \
                    which is empty on a hosted runner, and stops.
                    """),
                confirm: Prose.blocks("""
                    The step's inputs at the top of its log show `role-to-assume:` with nothing after it (a set secret \
                    would show `***`). The line above the error is not the `id-token` hint.
                    """),
                fix: Prose.blocks("""
                    A role ARN identifies the role; it grants nothing by itself, the trust policy does. Write the ARN \
                    into the workflow, as below, so every run sees it, and let the trust policy decide which runs may \
                    assume the role. For Dependabot and forks see \
                    [Dependabot runs see no Actions secrets](page:troubleshooting-dependabot-no-token) and \
                    [A pull request from a fork gets no OIDC token](page:troubleshooting-fork-pull-request-no-token).
                    """),
                rule: nil,
                sources: [secretsDoc, Link("GitHub: troubleshooting Dependabot on GitHub Actions",
                                          "https://docs.github.com/en/code-security/dependabot/troubleshooting-dependabot/troubleshooting-dependabot-on-github-actions"),
                          clientSource]),
            symptoms: [
                .reproduced(
                    LogLine(couldNotLoadCredentialsLine.text,
                            printedBy: "aws-actions/configure-aws-credentials v3.0.2 and later with an empty `role-to-assume`, with or without `id-token: write`, and no `id-token` hint before it",
                            source: clientSource),
                    scenario: "empty-role-to-assume", .from("v3.0.2")),
            ],
            before: workflowSnippet(id, before: true, title: "Before: the role ARN from a secret", workflow(false)),
            after: workflowSnippet(
                id, before: false, title: "After: the role ARN in the workflow", workflow(true),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "role-to-assume"], "an ARN is not a secret: every run sees it")]),
            prevent: Prose.blocks("""
                No `keyless` rule flags `role-to-assume` read from `secrets.*` yet. Grep for it: \
                `grep -rn "role-to-assume: \\${{ secrets" .github/workflows`.
                """))
    }
}
