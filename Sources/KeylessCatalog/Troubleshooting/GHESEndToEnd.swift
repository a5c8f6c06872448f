import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func ghesEndToEnd(_ ref: Reference) -> FailureMode {
        let id = "ghes-end-to-end"
        let host = "github.example.com"
        let issuer = "\(host)/_services/token"
        let ghesAWS = Link(
            "GitHub Enterprise Server 3.16: configuring OpenID Connect in Amazon Web Services",
            "https://docs.github.com/en/enterprise-server@3.16/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services")
        let ghesOIDC = Link("GitHub Enterprise Server: OpenID Connect reference (issuer https://HOSTNAME/_services/token)",
                            "https://docs.github.com/en/enterprise-server@3.16/actions/reference/security/oidc")
        let provider = ARN(service: "iam", account: ref.config.account, resource: "oidc-provider/\(issuer)")
        let policy = PolicyDocument(statements: [
            Statement(
                sid: "GitHubEnterpriseServerOIDC", principal: .federated(provider),
                actions: .action(["sts:AssumeRoleWithWebIdentity"]),
                conditions: [
                    Condition(.stringEquals, "\(issuer):aud", ["sts.amazonaws.com"]),
                    Condition(.stringEquals, "\(issuer):sub", [sub(ref, .branch("main"))]),
                ])
        ])
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "GitHub Enterprise Server: OIDC to AWS end to end",
                symptomGroup: "No OpenIDConnect provider found",
                symptoms: [],
                cause: Prose.blocks("""
                    On GitHub Enterprise Server every piece names your host instead of github.com's issuer:

                    - the token's issuer is `https://HOSTNAME/_services/token`, so the IAM provider's URL is that \
                    (a provider for `token.actions.githubusercontent.com` does not match: STS reports no provider \
                    found for your issuer);
                    - the trust policy's principal is `arn:aws:iam::ACCOUNT:oidc-provider/HOSTNAME/_services/token` \
                    and its condition keys are `HOSTNAME/_services/token:aud` and `HOSTNAME/_services/token:sub`;
                    - STS fetches `https://HOSTNAME/_services/token/.well-known/openid-configuration` and the key set \
                    from the internet, so both must be reachable by AWS (GitHub suggests allowing only AWS's IP \
                    ranges), or STS cannot verify the token;
                    - the audience is still `sts.amazonaws.com` with the official action.
                    """),
                confirm: printClaims + Prose.blocks("""
                    `iss` is `https://HOSTNAME/_services/token`. `aws iam list-open-id-connect-providers` lists a \
                    provider ending in `HOSTNAME/_services/token`. From outside your network, \
                    `curl -sS https://HOSTNAME/_services/token/.well-known/openid-configuration` answers.
                    """),
                fix: Prose.blocks("""
                    Create the provider for your host (`aws iam create-open-id-connect-provider --url \
                    https://HOSTNAME/_services/token --client-id-list sts.amazonaws.com`), write the trust policy \
                    with that principal and those keys (below, for `\(host)`), and expose the two discovery \
                    endpoints to AWS. `docs-src/keyless.yml` takes the provider URL, so the generated policies use \
                    your host's keys.
                    """),
                rule: nil,
                sources: [ghesAWS, ghesOIDC, Source.ccaIssue(727), Source.iamOIDCProvider]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: No OpenIDConnect provider found in your account for https://github.example.com/_services/token",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later on GitHub Enterprise Server when the account has no provider for the host (`github.example.com` stands for yours; STS's message as issue #727 quotes it)",
                            source: assumeRoleSource),
                    scenario: "ghes-provider-missing", .from("v3.0.0")),
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later when STS cannot reach the host's discovery or key endpoints (STS's message as issue #299 quotes it)",
                            source: assumeRoleSource),
                    scenario: "verification-key-unreachable", .from("v3.0.0")),
            ],
            after: policySnippet(id, before: false, title: "The trust policy for a GitHub Enterprise Server host", policy),
            prevent: Prose.blocks("""
                No static rule can see your host's provider or network. Set the provider URL once in \
                `docs-src/keyless.yml` and generate the policies from it, so principal and condition keys agree.
                """))
    }
}
