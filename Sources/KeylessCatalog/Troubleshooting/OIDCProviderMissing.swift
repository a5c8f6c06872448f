import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func oidcProviderMissing(_ ref: Reference) -> FailureMode {
        let id = "oidc-provider-missing"
        let p = ref.config.provider
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The role's account has no GitHub OIDC provider",
                symptomGroup: "No OpenIDConnect provider found",
                symptoms: [],
                cause: Prose.blocks("""
                    STS looks for an IAM OIDC identity provider whose URL is the token's issuer, in the account that \
                    owns the role. There is none: it was never created, it was \
                    created in another account (providers are per account, so a cross-account role needs one in its \
                    own account), or it was created with another URL. STS reports this as `InvalidIdentityToken`.
                    """),
                confirm: Prose.blocks("""
                    With credentials for the role's account (the account in `role-to-assume`): \
                    `aws iam list-open-id-connect-providers`. The list must contain \
                    `\(ref.config.providerARN)` with that account's id, and the role's trust policy must name that \
                    ARN as `Principal.Federated`.
                    """),
                fix: Prose.blocks("""
                    Create the provider once per account, with the URL and the audience the action uses. IAM no \
                    longer needs a thumbprint for GitHub's issuer. The provider, the roles and their policies as \
                    code are on [\(ref.iamSetupPage.title)](page:\(ref.iamSetupPage.id)#iam-setup).
                    """),
                rule: nil,
                sources: [Source.ccaIssue(721), Source.ccaIssue(280), Source.iamOIDCProvider, Source.ccaReadme]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later: the action's prefix, then STS's `InvalidIdentityToken` message (quoted in issue #721 and ministryofjustice/modernisation-platform pull request #12898)",
                            source: assumeRoleSource),
                    scenario: "provider-missing", .from("v3.0.0")),
                .quoted(LogLine("Error: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com",
                                printedBy: "aws-actions/configure-aws-credentials v1 and v2", source: Source.ccaIssue(721)),
                        versions: "v1.6.0 to v2.2.0"),
            ],
            after: snippet(
                id, before: false, file: "create-provider.sh", title: "Create the provider in the role's account",
                .shell([
                    ShellCommand(["aws", "iam", "create-open-id-connect-provider", "--url", p.url] + p.audiences.flatMap { ["--client-id-list", $0] },
                                 comment: "Run with credentials for the account that owns the role."),
                    ShellCommand(["aws", "iam", "list-open-id-connect-providers"], comment: "It is listed by ARN."),
                ])),
            prevent: Prose.blocks("""
                No static rule can see whether a provider exists: only the account knows. Keep the provider in the \
                same infrastructure code as the roles that trust it, so neither exists without the other.
                """))
    }
}
