import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func trustForAllValuesAllow(_ ref: Reference) -> FailureMode {
        let id = "trust-forallvalues-allow"
        let forAll = ConditionOperator(.stringEquals, qualifier: .forAllValues)
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "ForAllValues on a single claim admits everyone",
                symptomGroup: "The role admits jobs it should refuse",
                symptoms: [],
                cause: Prose.blocks("""
                    `ForAllValues:` asks whether every value of the request's key is in the list. When the key is \
                    absent, there are no values, and the answer is true. A misspelled key, or a claim STS does not \
                    pass on, therefore turns the condition into *allow everyone*. The action's README warns: avoid \
                    `ForAllValues:` in `Allow` statements. GitHub's claims are single values; the set operators have \
                    no use here.
                    """),
                confirm: Prose.blocks("""
                    A condition operator in the trust policy starts with `ForAllValues:`. Check the key it applies \
                    to: `\(ref.config.provider.host):repositry` (a typo) is absent from every request.
                    """),
                fix: Prose.blocks("Drop the qualifier: plain `StringEquals` (or `StringLike` for a pattern) on `sub`."),
                rule: "trust-forallvalues-allow",
                sources: [Source.ccaReadme, Source.iamConditionOperators,
                          Link("IAM: single-valued vs. multivalued context keys",
                               "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html")]),
            symptoms: [authenticatedLine],
            before: policySnippet(id, before: true, title: "Before: ForAllValues on a misspelled key, true for every token",
                                  trust(ref, [audCondition(ref), Condition(forAll, "\(ref.config.provider.host):repositry", ["\(ref.org)/\(ref.exampleName)"])])),
            after: policySnippet(id, before: false, title: "After: a plain condition on sub",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main")])))
    }
}
