import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func unsupportedClaimConditionKey(_ ref: Reference) -> FailureMode {
        let id = "unsupported-claim-condition-key"
        let host = ref.config.provider.host
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The trust policy conditions on a claim STS does not pass on",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    STS makes only the token claims that IAM's condition-key reference for web identity federation \
                    lists available as condition keys; for GitHub's provider, `aud` and `sub` are the ones every \
                    guide relies on. A key the reference does not list for the provider, such as \
                    `\(host):repository_owner`, `event_name` or `runner_environment`, is absent from the request, and \
                    a condition on an absent key is false. Check the reference before you condition on any other claim.
                    """),
                confirm: Prose.blocks("""
                    List the condition keys of the trust policy and compare each with the IAM condition-key \
                    reference for web identity federation.
                    """),
                fix: Prose.blocks("""
                    Express the restriction through `sub` (an exact subject, or a customised template that includes \
                    the claim), or through a key STS documents for GitHub. Never reach for `ForAllValues:` to make \
                    such a condition pass: it passes on an absent key, for everyone; see \
                    [ForAllValues on a single claim admits everyone](page:troubleshooting-trust-forallvalues-allow).
                    """),
                rule: nil,
                sources: [Source.ccaIssue(306),
                          Link("IAM: condition keys for web identity federation",
                               "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif")]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1(issue: 306)],
            before: policySnippet(id, before: true, title: "Before: a condition on repository_owner, which STS does not pass on",
                                  trust(ref, [audCondition(ref), Condition(.stringEquals, "\(host):repository_owner", [ref.org])])),
            after: policySnippet(id, before: false, title: "After: the restriction expressed through sub",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])),
            prevent: Prose.blocks("""
                No `keyless` rule checks condition keys against STS's list yet, because the list is still being \
                confirmed. Keep trust policies to `aud` and `sub` unless you have checked the key in the IAM reference.
                """))
    }
}
