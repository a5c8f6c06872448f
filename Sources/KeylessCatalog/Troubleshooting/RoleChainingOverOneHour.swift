import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func roleChainingOverOneHour(_ ref: Reference) -> FailureMode {
        let id = "role-chaining-over-one-hour"
        let iam = Link("IAM: roles terms and concepts (role chaining)", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html")
        func workflow(_ seconds: Int) -> Workflow {
            oidcWorkflow(ref, steps: [
                credentials(ref),
                credentials(ref, role: "\(ref.exampleName)-deploy", sessionName: "github-actions-deploy-chained",
                            extra: [KeyValue("role-chaining", .bool(true)), KeyValue("role-duration-seconds", .int(seconds))],
                            name: "Assume the deployment role from the first role"),
                ref.callerIdentityStep,
            ])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "Role chaining is limited to one hour",
                symptomGroup: "The requested DurationSeconds exceeds …",
                symptoms: [],
                cause: Prose.blocks("""
                    Assuming a role with the credentials of another assumed role is role chaining, and AWS limits a \
                    chained session to one hour whatever the target role's `MaxSessionDuration` says. The first hop, \
                    `AssumeRoleWithWebIdentity` with the OIDC token, is not chaining and can last up to 12 hours; \
                    the second step (`role-chaining: true`) is.
                    """),
                confirm: Prose.blocks("""
                    The failing step has `role-chaining: true` and a `role-duration-seconds` above 3600. CloudTrail \
                    shows an `AssumeRole` event (not `…WithWebIdentity`) with that `durationSeconds`.
                    """),
                fix: Prose.blocks("""
                    Ask for 3600 seconds or less on the chained step. If the job needs the second role for longer, \
                    let that role trust the OIDC provider directly and assume it in one hop.
                    """),
                rule: "role-duration-out-of-range",
                sources: [iam, Source.ccaReadme, Link("99designs/aws-vault issue #263", "https://github.com/99designs/aws-vault/issues/263")]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with user credentials: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later on a `role-chaining: true` step: the action's prefix for `AssumeRole`, then STS's `ValidationError` message (quoted in 99designs/aws-vault issue #263)",
                            source: assumeRoleSource),
                    scenario: "chained-duration-over-hour", .from("v3.0.0")),
            ],
            before: workflowSnippet(id, before: true, title: "Before: two hours on a chained session", workflow(7200)),
            after: workflowSnippet(
                id, before: false, title: "After: a chained session of one hour", workflow(3600),
                comments: [SnippetComment(["jobs", deployJob, "steps", "2", "with", "role-duration-seconds"], "chained sessions last at most one hour")]))
    }
}
