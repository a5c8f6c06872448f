import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func trustOverbroadSubject(_ ref: Reference) -> FailureMode {
        let id = "trust-overbroad-subject"
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "A subject pattern admits every repository or every ref",
                symptomGroup: "The role admits jobs it should refuse",
                symptoms: [],
                cause: Prose.blocks("""
                    `StringLike` with `repo:\(ref.org)/*` admits every workflow of every repository in the \
                    organisation, including repositories created later by anyone allowed to create one. \
                    `\(sub(ref, .any))`, the policy the status analysis of 2025-11-12 shows, admits every branch, tag, pull request and \
                    environment of the repository: a branch pushed by any contributor can use the role.
                    """),
                confirm: Prose.blocks("""
                    The policy's `\(ref.subKey)` values end in `/*` or `:*`. The \
                    [Trust policy examples](page:trust-policies) page shows what each such pattern admits.
                    """),
                fix: Prose.blocks("""
                    List the subjects that need the role, exactly: the default branch for CI against shared \
                    resources, an environment with required reviewers for deployments, `pull_request` only for a \
                    role whose permissions are harmless. One role per purpose keeps each list short.
                    """),
                rule: "trust-overbroad-subject",
                sources: [Source.githubAWS, Source.githubOIDC]),
            symptoms: [authenticatedLine],
            before: policySnippet(id, before: true, title: "Before: every repository of the organisation",
                                  trust(ref, [audCondition(ref), Condition(.stringLike, ref.subKey, ["repo:\(ref.org)/*"])])),
            after: policySnippet(id, before: false, title: "After: one repository, main and the production environment",
                                 ref.trustPolicy(repository: ref.exampleName, subjects: [.branch("main"), .environment("production")])))
    }
}
