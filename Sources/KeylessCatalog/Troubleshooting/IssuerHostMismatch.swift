import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func issuerHostMismatch(_ ref: Reference) -> FailureMode {
        FailureMode(
            entry: TroubleshootingEntry(
                id: "issuer-host-mismatch", title: "The token's issuer is not the provider's URL",
                symptomGroup: "No OpenIDConnect provider found",
                symptoms: [],
                cause: Prose.blocks("""
                    The issuer (`iss`) of the token is not `https://token.actions.githubusercontent.com` on every \
                    GitHub:

                    - GitHub Enterprise Server: `https://HOSTNAME/_services/token`.
                    - GitHub Enterprise Cloud with a custom issuer (`include_enterprise_slug`): \
                    `https://token.actions.githubusercontent.com/SLUG`.
                    - GitHub Enterprise Cloud with data residency: `https://token.actions.SUBDOMAIN.ghe.com`.

                    IAM looks up the provider by that exact issuer, and the trust policy's condition keys carry the \
                    same host and path (`HOSTNAME/_services/token:sub`). On Enterprise Server, AWS must also reach \
                    the issuer's `/.well-known/openid-configuration` and keys from the internet.
                    """),
                confirm: Prose.blocks("""
                    Read `iss` from the token (see [How to confirm](page:troubleshooting-sub-mismatch-environment#confirm) \
                    in the environment entry for a step that prints the claims) and compare it with the URLs from \
                    `aws iam list-open-id-connect-providers` and `aws iam get-open-id-connect-provider`.
                    """),
                fix: Prose.blocks("""
                    Create the provider for the exact issuer, and write the trust policy's `Principal.Federated` ARN \
                    and condition keys with the same host and path. On Enterprise Server, expose the two discovery \
                    endpoints to AWS; GitHub's documentation suggests limiting that to AWS's address ranges.
                    """),
                rule: nil,
                sources: [Source.ccaIssue(727), Source.ccaIssue(598), Source.ccaIssue(280), Source.githubOIDC]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: No OpenIDConnect provider found in your account for https://github.example.com/_services/token",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later on GitHub Enterprise Server when the account's provider is for another host (`github.example.com` stands for yours; STS's `InvalidIdentityToken` message as issue #727 quotes it)",
                            source: assumeRoleSource),
                    scenario: "ghes-provider-missing", .from("v3.0.0")),
                .quoted(LogLine("Error: No OpenIDConnect provider found in your account for https://github.MYORG.net/_services/token",
                                printedBy: "aws-actions/configure-aws-credentials v1 and v2 on GitHub Enterprise Server (the host is the reporter's placeholder)",
                                source: Source.ccaIssue(727)),
                        versions: "v1.6.0 to v2.2.0"),
                .quoted(LogLine("Error: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com/",
                                printedBy: "aws-actions/configure-aws-credentials v1, for a provider URL that did not match (note the trailing slash in the report)",
                                source: Source.ccaIssue(598)),
                        versions: "v1.6.0 to v2.2.0"),
            ],
            prevent: Prose.blocks("""
                `docs-src/keyless.yml` names the provider URL once, and Keyless derives the provider ARN and every \
                condition key from it, so the generated pieces agree with each other. Whether the URL is your \
                GitHub's issuer only the token can tell.
                """))
    }
}
