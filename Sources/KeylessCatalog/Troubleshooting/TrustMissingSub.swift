import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func trustMissingSub(_ ref: Reference) -> FailureMode {
        let id = "trust-missing-sub"
        let datadog = Link("Datadog Security Labs: IAM role can be assumed by any GitHub Action",
                           "https://securitylabs.datadoghq.com/cloud-security-atlas/vulnerabilities/iam-role-can-be-assumed-by-any-github-action/")
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The trust policy checks the audience but not the subject",
                symptomGroup: "The role admits jobs it should refuse",
                symptoms: [],
                cause: Prose.blocks("""
                    Every GitHub Actions token, from any repository on github.com, is signed by the same issuer and \
                    carries the audience `sts.amazonaws.com`. A trust policy that checks only `aud` admits all of \
                    them: anyone can create a repository, run a workflow, and assume the role. Nothing fails, which \
                    is why this is found in audits rather than in logs. GitHub's documentation says you **must** \
                    define at least one condition so that untrusted repositories cannot request access, and IAM \
                    recommends evaluating `sub`.
                    """),
                confirm: Prose.blocks("""
                    `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`: no condition on \
                    `\(ref.subKey)`. In CloudTrail, `AssumeRoleWithWebIdentity` events for the role from \
                    repositories that are not yours are the proof that it was used.
                    """),
                fix: Prose.blocks("""
                    Add a `sub` condition naming your repository and the refs or environments that may use the role. \
                    If CloudTrail shows foreign use, treat the role's permissions as compromised: review what those \
                    sessions did before you close the hole.
                    """),
                rule: "trust-missing-sub",
                sources: [datadog, Source.githubAWS, Source.githubOIDC]),
            symptoms: [authenticatedLine],
            before: policySnippet(id, before: true, title: "Before: audience only, any repository admitted",
                                  trust(ref, [audCondition(ref)])),
            after: policySnippet(id, before: false, title: "After: one repository and branch",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])))
    }
}
