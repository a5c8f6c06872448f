import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func subCaseMismatch(_ ref: Reference) -> FailureMode {
        let id = "sub-case-mismatch"
        let wrongOwner = ref.org.prefix(1).uppercased() + ref.org.dropFirst()
        let wrong = SubjectClaim(repository: RepositoryName(owner: wrongOwner, name: ref.exampleName), context: .branch("main")).description
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The owner, repository or environment is spelled in another letter case",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    `StringEquals` and `StringLike` compare case-sensitively, and the `sub` claim carries the owner, \
                    repository and environment names exactly as GitHub stores them. `\(wrong)` does not match a token \
                    for `\(sub(ref, .branch("main")))`. GitHub URLs are case-insensitive, so the wrong case \
                    looks right everywhere else.
                    """),
                confirm: printClaims + Prose.blocks("""
                    Or ask GitHub for the canonical names: `gh api repos/OWNER/REPO --jq .full_name`, and \
                    `gh api repos/OWNER/REPO/environments --jq '.environments[].name'`.
                    """),
                fix: Prose.blocks("""
                    Copy the names from the API or from a decoded token into the policy. Avoid \
                    `StringEqualsIgnoreCase`: it also admits lookalike names. The immutable subject form \
                    (`repo:OWNER@ID/REPO@ID:…`) pins the numeric ids as well; see \
                    [The repository presents the immutable subject form](page:troubleshooting-immutable-subject-format).
                    """),
                rule: nil,
                sources: [Source.ccaIssue(1100), Source.ccaIssue(318), Source.iamConditionOperators]),
            symptoms: [notAuthorizedV3(issue: 1100), notAuthorizedV1(issue: 318)],
            before: policySnippet(id, before: true, title: "Before: the owner in another case",
                                  trust(ref, [audCondition(ref), Condition(.stringEquals, ref.subKey, [wrong])])),
            after: policySnippet(id, before: false, title: "After: the names exactly as GitHub spells them",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])),
            prevent: Prose.blocks("""
                No rule can know the canonical case from the files alone. `keyless doctor WORKFLOW.yml --policy \
                TRUST.json --repo OWNER/REPO` compares the policy with the claims it predicts for the repository you \
                name, so give `--repo` as GitHub spells it (`gh api` as above).
                """))
    }
}
