import KeylessCore
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
                    STS makes only some token claims available as condition keys. For years that was `aud`, `sub` \
                    and `amr`; since early 2026 STS also accepts a list of GitHub claims (reported to include \
                    `repository`, `repository_id`, `ref`, `environment`, `job_workflow_ref`, `workflow`, `actor`, \
                    `actor_id`, `enterprise_id`; this list is from secondary write-ups and not yet checked against \
                    the IAM reference). A key outside the list, such as `\(host):repository_owner`, `event_name` or \
                    `runner_environment`, is absent from the request, and a condition on an absent key is false.
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
                          Link("AWS: STS supports validation of identity provider claims (2026)",
                               "https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/"),
                          Link("IAM: condition keys for web identity federation",
                               "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif")]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1(issue: 306)],
            before: policySnippet(id, before: true, title: "Before: a condition on repository_owner, which STS does not pass on",
                                  trust(ref, [audCondition(ref), Condition(.stringEquals, "\(host):repository_owner", [ref.org])])),
            after: policySnippet(id, before: false, title: "After: the restriction expressed through sub",
                                 ref.trustPolicy(repository: "python-sdk", subjects: [.branch("main")])),
            prevent: Prose.blocks("""
                No `keyless` rule checks condition keys against STS's list yet, because the list is still being \
                confirmed. Keep trust policies to `aud` and `sub` unless you have checked the key in the IAM reference.
                """))
    }
}
