import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func thumbprintMismatch(_ ref: Reference) -> FailureMode {
        let changelog = Link("GitHub changelog: update on OIDC integration with AWS (2023-06-27)",
                             "https://github.blog/changelog/2023-06-27-github-actions-update-on-oidc-integration-with-aws/")
        return FailureMode(
            entry: TroubleshootingEntry(
                id: "thumbprint-mismatch", title: "The provider's thumbprint no longer matches (before July 2023)",
                symptomGroup: "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
                symptoms: [],
                cause: Prose.blocks("""
                    IAM used to pin the TLS certificate thumbprint of the provider's host. When GitHub's certificate \
                    chain changed (January 2022, June 2023), providers with only the old thumbprint failed, sometimes \
                    intermittently. Since 6 July 2023 AWS verifies GitHub's issuer against its library of trusted \
                    root certificate authorities, and the action's README says a configured thumbprint is ignored.
                    """),
                confirm: Prose.blocks("""
                    Only old logs show this for `token.actions.githubusercontent.com`. If a current run prints it, the \
                    issuer is another host than github.com's.
                    """),
                fix: Prose.blocks("""
                    Nothing to do for github.com. Keyless generates the provider without a thumbprint list. For \
                    infrastructure code whose schema requires one, any value is accepted and ignored for GitHub's issuer.
                    """),
                rule: nil,
                sources: [Source.ccaIssue(357), Source.ccaIssue(356), Source.ccaIssue(757), changelog]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later: the action's prefix, then STS's `InvalidIdentityToken` message (quoted in issue #357)",
                            source: assumeRoleSource),
                    scenario: "thumbprint-mismatch", .from("v3.0.0")),
                .quoted(LogLine("Error: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
                                printedBy: "aws-actions/configure-aws-credentials v1 and v2 (reports from January 2022 and June 2023)", source: Source.ccaIssue(357)),
                        versions: "v1.6.0 to v2.2.0"),
            ],
            prevent: Prose.blocks("Historical: nothing to catch for github.com since July 2023."))
    }
}
