import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func verificationKeyUnreachable(_ ref: Reference) -> FailureMode {
        FailureMode(
            entry: TroubleshootingEntry(
                id: "verification-key-unreachable", title: "STS could not fetch GitHub's signing keys",
                symptomGroup: "Couldn't retrieve verification key from your identity provider",
                symptoms: [],
                cause: Prose.blocks("""
                    To verify the token's signature, STS fetches the issuer's `/.well-known/openid-configuration` \
                    and its key set (JWKS). When that fetch fails or is slow, STS refuses the token with \
                    `InvalidIdentityToken`. On github.com this was seen with many parallel jobs during the 2021–22 \
                    rollout and is transient. On GitHub Enterprise Server it is permanent when the two endpoints \
                    are not reachable from the internet.
                    """),
                confirm: Prose.blocks("""
                    A re-run of the same job succeeds (github.com). On Enterprise Server, \
                    `curl -sS https://HOSTNAME/_services/token/.well-known/openid-configuration` from outside your \
                    network fails.
                    """),
                fix: Prose.blocks("""
                    Keep the action's retries on: v3 and later retry the call with backoff, 12 attempts by default \
                    (`retry-max-attempts`); do not set `disable-retry: true`. Cap large matrices with \
                    `strategy.max-parallel`. On Enterprise Server, expose the discovery and keys endpoints to AWS.
                    """),
                rule: nil,
                sources: [Source.ccaIssue(299), Link("actions/runner issue #1466", "https://github.com/actions/runner/issues/1466"),
                          Link("awslabs/aws-sdk-rust issue #827", "https://github.com/awslabs/aws-sdk-rust/issues/827"), Source.stsWebIdentity]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later once its retries are used up: the action's prefix, then STS's message with its double space after the comma (quoted in issue #299)",
                            source: assumeRoleSource),
                    scenario: "verification-key-unreachable", .from("v3.0.0")),
                .quoted(LogLine("Error: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
                                printedBy: "aws-actions/configure-aws-credentials v1 (STS's message unwrapped)", source: Source.ccaIssue(299)),
                        versions: "v1.6.0 to v2.2.0"),
            ],
            prevent: Prose.blocks("""
                No static rule can see a network failure. A workflow that sets `disable-retry: true` makes a \
                transient failure permanent: review any step that does.
                """))
    }
}
