import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func subMismatchRef(_ ref: Reference) -> FailureMode {
        let id = "sub-mismatch-tag-or-branch"
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A tag or another branch presents a ref the policy does not list",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    The trust policy pins `ref:refs/heads/main`, but the run is for a tag (`sub` \
                    `\(sub(ref, .tag("v1.2.0")))`), another branch, or an event whose ref differs. A release \
                    workflow on `push: tags:` is the usual case: it works on `main` and fails on the first tag.
                    """),
                confirm: printClaims + Prose.blocks("The `ref` and `ref_type` claims show which ref the run presents."),
                fix: Prose.blocks("""
                    Add the subjects the workflow needs, as narrowly as you can. For release tags, \
                    `ref:refs/tags/v*` under `StringLike`; `StringEquals` would compare the `*` literally. If tag \
                    pushes should be limited to maintainers, protect the tag pattern with a repository ruleset as \
                    well: anyone who can push a matching tag gets the role.
                    """),
                rule: nil,
                sources: [Source.githubOIDC, Source.ccaIssue(443), Source.iamConditionOperators]),
            symptoms: [
                notAuthorizedV3(),
                .quoted(LogLine(couldNotLoadCredentialsLine.text,
                                printedBy: "aws-actions/configure-aws-credentials v1, which reported this refusal with the generic line (CloudTrail showed `AccessDenied`)",
                                source: Source.ccaIssue(443)),
                        versions: "v1 (quoted from the issue's run)"),
            ],
            before: policySnippet(id, before: true, title: "Before: main only",
                                  ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])),
            after: policySnippet(id, before: false, title: "After: main and release tags",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main"), .tag("v*")])),
            prevent: doctorCheck)
    }
}
