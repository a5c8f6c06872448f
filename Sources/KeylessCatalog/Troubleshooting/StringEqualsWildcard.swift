import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func stringEqualsWildcard(_ ref: Reference) -> FailureMode {
        let id = "stringequals-with-wildcard"
        let pattern = sub(ref, .any)
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A wildcard under StringEquals matches nothing",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    `StringEquals` treats `*` and `?` as ordinary characters. `"\(pattern)"` under `StringEquals` \
                    matches only a `sub` that literally ends in `*`, which no token has, so every job is refused. \
                    Only `StringLike` expands `*` (any run of characters) and `?` (one character).
                    """),
                confirm: Prose.blocks("""
                    `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument` shows a \
                    `token.actions.githubusercontent.com:sub` value with `*` or `?` inside a `StringEquals` block.
                    """),
                fix: Prose.blocks("""
                    List the exact subjects under `StringEquals`, which is what a deploy role should do. If you \
                    really need a pattern, move that key to `StringLike` and keep the pattern narrow \
                    (`ref:refs/tags/v*`, not `*`). Keep `aud` under `StringEquals`. The \
                    [Trust policy examples](page:trust-policies) page shows what each form admits.
                    """),
                rule: "trust-stringequals-wildcard",
                sources: [Source.iamConditionOperators, Source.githubAWS]),
            symptoms: [notAuthorizedV3(), notAuthorizedV1()],
            before: policySnippet(id, before: true, title: "Before: a wildcard StringEquals compares literally",
                                  trust(ref, [audCondition(ref), Condition(.stringEquals, ref.subKey, [pattern])])),
            after: policySnippet(id, before: false, title: "After: the exact subjects under StringEquals",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main"), .environment("production")])))
    }
}
