import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func subMismatchEnvironment(_ ref: Reference) -> FailureMode {
        let id = "sub-mismatch-environment"
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A job with an environment presents environment:NAME, not its branch",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    GitHub builds the `sub` claim in a fixed order of precedence: if the job references an \
                    environment, `sub` is `repo:OWNER/REPO:environment:NAME`; only jobs without one present \
                    `pull_request` or `ref:refs/heads/BRANCH`. Adding `environment: production` to a job that ran on \
                    `main` therefore changes its `sub` from `\(sub(ref, .branch("main")))` to \
                    `\(sub(ref, .environment("production")))`, and a trust policy that lists only the branch refuses it.
                    """),
                confirm: printClaims + Prose.blocks("""
                    The `sub` ends in `environment:production` and the `environment` claim is set. In CloudTrail \
                    (in the region of `aws-region`), the `AssumeRoleWithWebIdentity` event for the run has `errorCode` \
                    `AccessDenied` and `requestParameters.roleArn` names the role.
                    """),
                fix: Prose.blocks("""
                    List the environment's subject in the trust policy. Keep the branch subject only if jobs without \
                    the environment also use the role. The name must match the environment's name exactly, letter \
                    case included. An environment with required reviewers is a stronger gate than a branch, so a \
                    production role can trust the environment alone.
                    """),
                rule: nil,
                sources: [Source.githubOIDC, Source.ccaIssue(672), Link("github/docs issue #28292", "https://github.com/github/docs/issues/28292")]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1(issue: 318)],
            before: policySnippet(id, before: true, title: "Before: trusts the branch only",
                                  ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])),
            after: policySnippet(id, before: false, title: "After: trusts the production environment too",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main"), .environment("production")])),
            prevent: doctorCheck)
    }
}
