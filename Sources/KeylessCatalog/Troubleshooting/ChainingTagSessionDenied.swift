import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func chainingTagSessionDenied(_ ref: Reference) -> FailureMode {
        let id = "chaining-tag-session-denied"
        let tags = Link("IAM: passing session tags in AWS STS (permissions required to add session tags)",
                        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required")
        let first = ref.roleARN(ref.exampleRole.id)
        func trust(_ actions: [String]) -> PolicyDocument {
            PolicyDocument(statements: [
                Statement(sid: "ChainFromTheOIDCRole", principal: .typed([PrincipalEntry(type: "AWS", values: [first])]),
                          actions: .action(actions))
            ])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "Role chaining is refused with sts:TagSession",
                symptomGroup: "is not authorized to perform: sts:TagSession",
                symptoms: [],
                cause: Prose.blocks("""
                    A `role-chaining: true` step calls `AssumeRole` with the first role's credentials, and the \
                    action tags that session (`GitHub`, `Repository`, `Workflow`, `Action`, `Actor`, `Commit`, and \
                    from v6.2.0 `RunId`). Passing session tags needs `sts:TagSession` as well as `sts:AssumeRole` in the \
                    target role's trust policy. A trust policy that allows only `sts:AssumeRole` refuses the call, \
                    and STS names the missing action. The harness shows the tags on the request (`Tags.member.N` \
                    parameters) from both action versions it runs.
                    """),
                confirm: Prose.blocks("""
                    The failing step has `role-chaining: true`, and the message names the first role's session as \
                    the user and the second role as the resource. `aws iam get-role --role-name NAME --query \
                    Role.AssumeRolePolicyDocument` for the second role lists `sts:AssumeRole` without \
                    `sts:TagSession`.
                    """),
                fix: Prose.blocks("""
                    Allow both actions to the first role in the second role's trust policy, as below, or set \
                    `role-skip-session-tagging: true` on the chained step when nothing reads the tags (the harness \
                    shows the step then sends no tags). The action's README says the same for its chaining example \
                    since pull request #1544.
                    """),
                rule: nil,
                sources: [tags, Source.ccaIssue(1396), Link("aws-actions/configure-aws-credentials pull request #1544",
                                                            "https://github.com/aws-actions/configure-aws-credentials/pull/1544"),
                          Source.ccaIssue(54), Source.ccaReadme]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with user credentials: User: arn:aws:sts::111122223333:assumed-role/ci-role/github-actions-deploy is not authorized to perform: sts:TagSession on resource: arn:aws:iam::111122223333:role/deploy",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later on a `role-chaining: true` step: the action's prefix for `AssumeRole`, then STS's `AccessDenied` message (quoted in issue #54 and OvertureMaps/stac issue #113; the account, roles and session are yours)",
                            source: assumeRoleSource),
                    scenario: "chained-tagsession-denied", .from("v3.0.0")),
            ],
            before: policySnippet(id, before: true, title: "Before: the second role allows sts:AssumeRole only", trust(["sts:AssumeRole"])),
            after: policySnippet(id, before: false, title: "After: sts:AssumeRole and sts:TagSession for the first role",
                                 trust(["sts:AssumeRole", "sts:TagSession"])),
            prevent: Prose.blocks("""
                No static rule sees the second role's trust policy from the workflow. When a job chains, check that \
                policy for `sts:TagSession`, or skip the tags on the chained step.
                """))
    }
}
