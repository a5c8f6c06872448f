import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func immutableSubjectFormat(_ ref: Reference) -> FailureMode {
        let id = "immutable-subject-format"
        let changelog = Link(
            "GitHub changelog: immutable subject claims for GitHub Actions OIDC tokens",
            "https://github.blog/changelog/2026-04-23-immutable-subject-claims-for-github-actions-oidc-tokens/")
        let readme = Link("aws-actions/configure-aws-credentials README, immutable subject claims (pull request #1889)",
                          "https://github.com/aws-actions/configure-aws-credentials/pull/1889")
        let immutable = RepositoryName(owner: ref.org, name: ref.exampleName, ownerID: "OWNER_ID", repositoryID: "REPO_ID")
        let legacy = sub(ref, .branch("main"))
        let current = SubjectClaim(repository: immutable, context: .branch("main")).description
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The repository presents the immutable subject form",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    Repositories created after 15 July 2026, repositories renamed or transferred after that date, and \
                    repositories or organisations that opted in present `sub` with numeric ids: \
                    `\(current)` instead of `\(legacy)`. A policy in the legacy form refuses the new one. Patterns \
                    break too: `repo:\(ref.org)/*` no longer matches, because the owner segment is now \
                    `\(ref.org)@OWNER_ID`. The reverse fails as well: an immutable-form policy for a repository that \
                    still presents the legacy form. GitHub Enterprise Server is not part of the rollout.
                    """),
                confirm: printClaims + Prose.blocks("""
                    The `sub` contains `@` after the owner and the repository; the `repository_owner_id` and \
                    `repository_id` claims hold the two numbers. Without a token: \
                    `gh api repos/OWNER/REPO --jq '.owner.id, .id'`.
                    """),
                fix: Prose.blocks("""
                    Write the subject in the immutable form with the two ids (`OWNER_ID` and `REPO_ID` below stand for \
                    them). While some repositories still present the legacy form, list both forms; remove the legacy \
                    one once every repository has moved. The ids survive renames and transfers, so the new form is \
                    also the safer one: a deleted and re-created repository with the same name gets a new id.
                    """),
                rule: nil,
                sources: [changelog, readme, Source.githubOIDC]),
            symptoms: [
                .reproduced(
                    LogLine(notAuthorizedV3().line.text,
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later; the action's README (pull request #1889) names this exact message for a legacy-form policy and an immutable-form token",
                            source: readme),
                    scenario: "oidc-trust-refused", .from("v3.0.0")),
            ],
            before: policySnippet(id, before: true, title: "Before: the legacy name-only subject",
                                  ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])),
            after: policySnippet(id, before: false, title: "After: both forms while repositories move (OWNER_ID and REPO_ID are the numeric ids)",
                                 trust(ref, [audCondition(ref), Condition(.stringEquals, ref.subKey, [current, legacy])])),
            prevent: Prose.blocks("""
                No static rule can tell which form a repository presents: it depends on its creation date and \
                opt-in state, which only GitHub's API knows. `keyless claims WORKFLOW.yml --repo OWNER/REPO --owner-id N \
                --repo-id N` prints the immutable form each job presents, with the ids `gh api` gives as above.
                """))
    }
}
