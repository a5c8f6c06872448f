import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func subMismatchPullRequest(_ ref: Reference) -> FailureMode {
        let id = "sub-mismatch-pull-request"
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A pull_request run presents pull_request, not its branch",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    A job triggered by `pull_request` (and without an environment) presents \
                    `\(sub(ref, .pullRequest))`: neither the head branch nor `refs/pull/N/merge` appears in `sub`. A \
                    trust policy that lists `ref:refs/heads/main`, or a pattern such as `ref:refs/heads/*`, refuses \
                    every pull request run.
                    """),
                confirm: printClaims + Prose.blocks("The `sub` ends in `:pull_request` and `event_name` is `pull_request`."),
                fix: Prose.blocks("""
                    Give pull requests their own role with read-only or test-only permissions, and trust \
                    `\(sub(ref, .pullRequest))` there. Every branch of the repository can open a pull request, so do \
                    not add the `pull_request` subject to a role that can deploy. Fork pull requests get no token at \
                    all: see [A pull request from a fork gets no OIDC token](page:troubleshooting-fork-pull-request-no-token).
                    """),
                rule: nil,
                sources: [Source.githubOIDC, Source.ccaIssue(443)]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1()],
            before: policySnippet(id, before: true, title: "Before: a test role that trusts main only",
                                  ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])),
            after: policySnippet(id, before: false, title: "After: the test role trusts pull request runs",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.pullRequest])),
            prevent: doctorCheck)
    }
}
