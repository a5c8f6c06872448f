import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func trustAudienceConditionMismatch(_ ref: Reference) -> FailureMode {
        let id = "trust-audience-condition-mismatch"
        let orgURL = "https://github.com/\(ref.org)"
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The trust policy expects another audience",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    configure-aws-credentials requests its token with the audience `sts.amazonaws.com` (its \
                    `audience` input). GitHub's own default audience is the owner's URL, `\(orgURL)`, and policies \
                    copied from generic OIDC guides check that instead. When the provider lists the token's \
                    audience but the policy's `\(ref.audKey)` condition names another value, STS refuses with \
                    *Not authorized*; when the provider does not list it, the message is \
                    [Incorrect token audience](page:troubleshooting-audience-not-on-provider) instead.
                    """),
                confirm: printClaims + Prose.blocks("Compare the token's `aud` with the policy's `:aud` value."),
                fix: Prose.blocks("""
                    Make the three agree: the workflow's `audience` (omit it for `sts.amazonaws.com`), the provider's \
                    client-id list, and the `:aud` condition under `StringEquals`. In the China partition the \
                    action's README uses `sts.amazonaws.com.cn`.
                    """),
                rule: "trust-unknown-audience",
                sources: [Source.ccaReadme, Source.githubOIDC, Source.githubAWS]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1()],
            before: policySnippet(id, before: true, title: "Before: the owner URL as audience",
                                  trust(ref, [Condition(.stringEquals, ref.audKey, [orgURL]),
                                              Condition(.stringEquals, ref.subKey, [sub(ref, .branch("main"))])])),
            after: policySnippet(id, before: false, title: "After: the audience the action requests",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])))
    }
}
