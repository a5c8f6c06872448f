import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func subColonEncoding(_ ref: Reference) -> FailureMode {
        let id = "sub-colon-encoding"
        let raw = "repo:\(ref.org)/\(ref.exampleName):environment:production:eu"
        let encoded = sub(ref, .environment("production:eu"))
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A colon in an environment name is encoded as %3A",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    GitHub replaces every `:` inside a claim value with `%3A` in the `sub`, so the colons that \
                    separate its parts stay unambiguous. A job in environment `production:eu` presents \
                    `\(encoded)`. A policy that lists `\(raw)` never matches. This applies on github.com, GitHub \
                    Enterprise Cloud and GitHub Enterprise Server after 3.18.
                    """),
                confirm: printClaims,
                fix: Prose.blocks("""
                    Write `%3A` for each colon inside the environment (or branch) name in the policy. Better still, \
                    name environments without colons.
                    """),
                rule: nil,
                sources: [Source.githubOIDC]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1()],
            before: policySnippet(id, before: true, title: "Before: the colon written raw",
                                  trust(ref, [audCondition(ref), Condition(.stringEquals, ref.subKey, [raw])])),
            after: policySnippet(id, before: false, title: "After: the colon encoded as %3A",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.environment("production:eu")])),
            prevent: doctorCheck)
    }
}
