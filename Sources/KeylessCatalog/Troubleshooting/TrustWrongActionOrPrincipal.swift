import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func trustWrongActionOrPrincipal(_ ref: Reference) -> FailureMode {
        let id = "trust-wrong-action-or-principal"
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The trust statement names the wrong action or provider",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    A web-identity trust statement applies only when its `Action` is \
                    `sts:AssumeRoleWithWebIdentity` and its `Principal.Federated` is the ARN of the OIDC provider in \
                    the role's own account. Common slips, each refused with the same message:

                    - `"Action": "sts:AssumeRole"`, copied from a trust policy for users or services.
                    - The provider ARN of another account, or a mistyped host.
                    - A misspelled condition key (`token.actions.githubusercontent.com:subject`): the key is absent \
                    from the request, so the condition is false.
                    - An explicit `Deny` statement that matches.
                    """),
                confirm: Prose.blocks("""
                    `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument`, then check the action, \
                    the principal's account and host, and each condition key against \
                    `aws iam list-open-id-connect-providers` in the same account. CloudTrail shows \
                    `AssumeRoleWithWebIdentity` with `errorCode` `AccessDenied`.
                    """),
                fix: Prose.blocks("""
                    `Action` `sts:AssumeRoleWithWebIdentity`, `Principal.Federated` \
                    `\(ref.config.providerARN)` with the role's account, and the condition keys \
                    `\(ref.audKey)` and `\(ref.subKey)` spelled exactly.
                    """),
                rule: "trust-wrong-action",
                sources: [Source.ccaIssue(690), Source.ccaIssue(1446), Source.githubAWS,
                          Link("Datadog: IAM role trust policy misconfigured for GitHub",
                               "https://docs.datadoghq.com/security/default_rules/aws-iam-role-trust-policy-misconfigured-github/")]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1()],
            before: policySnippet(id, before: true, title: "Before: sts:AssumeRole instead of the web-identity action",
                                  trust(ref, action: "sts:AssumeRole", [audCondition(ref), Condition(.stringEquals, ref.subKey, [sub(ref, .branch("main"))])])),
            after: policySnippet(id, before: false, title: "After: sts:AssumeRoleWithWebIdentity from this account's provider",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])),
            prevent: Prose.blocks("""
                The rule sees the action. Whether the provider ARN's account is the role's own account needs the \
                role's ARN beside the policy, which the files do not carry: compare the account in the provider ARN \
                with `aws iam get-role --role-name NAME --query Role.Arn`.
                """))
    }
}
