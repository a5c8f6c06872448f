import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func customSubTemplate(_ ref: Reference) -> FailureMode {
        let id = "custom-sub-template"
        let workflowRef = "\(ref.org)/\(ref.exampleName)/.github/workflows/deploy.yml@refs/heads/main"
        let custom = sub(ref, .custom("environment:production:job_workflow_ref:\(workflowRef)"))
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A customised subject template changed the whole sub",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    An organisation or repository can replace the default `sub` with a template of claim keys \
                    (`include_claim_keys`). GitHub's documentation is blunt: customising the claims results in a new \
                    format for the entire `sub` claim. With the keys `repo`, `context` and `job_workflow_ref`, a job \
                    in environment `production` presents `\(custom)`, which no default-form subject matches. A \
                    repository picks up its organisation's template only after it sets `use_default: false`, so \
                    two repositories of one organisation can present different forms.
                    """),
                confirm: Prose.blocks("""
                    Read the template GitHub applies: `gh api repos/OWNER/REPO/actions/oidc/customization/sub` \
                    (`use_default: true` means the default form) and `gh api orgs/OWNER/actions/oidc/customization/sub`.
                    """) + printClaims,
                fix: Prose.blocks("""
                    Write the policy's subjects in the template's form, or reset the repository to the default with \
                    `gh api -X PUT repos/OWNER/REPO/actions/oidc/customization/sub -F use_default=true`. Change the \
                    template and the trust policies together: GitHub warns that a token may be refused when the \
                    matching condition does not exist before the job runs.
                    """),
                rule: nil,
                sources: [Source.githubOIDC,
                          Link("GitHub REST API: OIDC subject customisation for a repository",
                               "https://docs.github.com/en/rest/actions/oidc")]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1()],
            before: policySnippet(id, before: true, title: "Before: the default form, refused after the template changed",
                                  ref.trustPolicy(repository: ref.exampleName, subjects: [.environment("production")])),
            after: policySnippet(id, before: false, title: "After: the subject in the template's form",
                                 trust(ref, [audCondition(ref), Condition(.stringEquals, ref.subKey, [custom])])),
            prevent: Prose.blocks("""
                No rule can see a template from the files: it lives in GitHub's settings. Read it with the API \
                call above whenever a policy is written for a new repository.
                """))
    }
}
