import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func audienceNotOnProvider(_ ref: Reference) -> FailureMode {
        let id = "audience-not-on-provider"
        let audience = ref.config.provider.audiences.first ?? "sts.amazonaws.com"
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The provider does not list the token's audience",
                symptomGroup: "Incorrect token audience",
                symptoms: [],
                cause: Prose.blocks("""
                    The token's `aud` claim is the action's `audience` input, `\(audience)` unless set. STS accepts \
                    the token only if that value is in the provider's client-id list (`InvalidIdentityToken` \
                    otherwise). The provider was created with another audience (the owner's URL, `sigstore`, a typo \
                    such as `sts.amazon.com`), or the workflow sets an `audience` nobody added to the provider.
                    """),
                confirm: Prose.blocks("""
                    `aws iam get-open-id-connect-provider --open-id-connect-provider-arn ARN --query ClientIDList`, \
                    and the `audience` input of the step (absent means `\(audience)`).
                    """),
                fix: Prose.blocks("""
                    Add the audience to the provider, or remove the custom `audience` input from the workflow. Then \
                    make sure the trust policy's `\(ref.audKey)` condition names the same value, or the next error is \
                    [The trust policy expects another audience](page:troubleshooting-trust-audience-condition-mismatch).
                    """),
                rule: nil,
                sources: [Source.ccaIssue(775), Source.ccaIssue(1309), Source.ccaReadme]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: Incorrect token audience",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later: the action's prefix, then STS's `InvalidIdentityToken` message (quoted in issue #1309)",
                            source: assumeRoleSource),
                    scenario: "audience-incorrect", .from("v3.0.0")),
                .quoted(LogLine("Error: Incorrect token audience",
                                printedBy: "aws-actions/configure-aws-credentials v2, which printed STS's message unwrapped", source: Source.ccaIssue(775)),
                        versions: "v1.6.0 to v2.2.0 (quoted from a run of v2 in the issue)"),
            ],
            after: snippet(
                id, before: false, file: "add-audience.sh", title: "Add the audience to the provider",
                .shell([
                    ShellCommand(["aws", "iam", "add-client-id-to-open-id-connect-provider",
                                  "--open-id-connect-provider-arn", ref.config.providerARN.description, "--client-id", audience],
                                 comment: "The audience configure-aws-credentials requests by default."),
                    ShellCommand(["aws", "iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn",
                                  ref.config.providerARN.description, "--query", "ClientIDList"], comment: "Check the list."),
                ])),
            prevent: Prose.blocks("""
                No static rule sees the provider's client-id list: it lives in the account. When Keyless generates \
                the provider, it takes the audiences from `docs-src/keyless.yml`, the same list the trust policies use.
                """))
    }
}
