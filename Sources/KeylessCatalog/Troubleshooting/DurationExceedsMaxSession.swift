import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func durationExceedsMaxSession(_ ref: Reference) -> FailureMode {
        let id = "duration-exceeds-max-session"
        let max = ref.exampleRole.maxSessionDuration
        func workflow(_ seconds: Int) -> Workflow {
            oidcWorkflow(ref, steps: [credentials(ref, extra: [KeyValue("role-duration-seconds", .int(seconds))]), ref.callerIdentityStep])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The requested session is longer than the role allows",
                symptomGroup: "The requested DurationSeconds exceeds …",
                symptoms: [],
                cause: Prose.blocks("""
                    `role-duration-seconds` asks for a longer session than the role's `MaxSessionDuration` \
                    (3600 seconds unless changed; at most 43200). The action accepts 900 to 43200 and defaults to 3600.
                    """),
                confirm: Prose.blocks("""
                    `aws iam get-role --role-name NAME --query Role.MaxSessionDuration`, and the step's \
                    `role-duration-seconds`. CloudTrail records the request's `durationSeconds`.
                    """),
                fix: Prose.blocks("""
                    Ask for no more than the role allows (here \(max) seconds), or raise the role's \
                    `MaxSessionDuration` in its infrastructure code if a job truly runs longer. A shorter session is \
                    the safer default: the credentials are useless sooner if they leak.
                    """),
                rule: "role-duration-out-of-range",
                sources: [Source.ccaReadme, Source.stsWebIdentity, Link("aws-azure-login issue #93", "https://github.com/aws-azure-login/aws-azure-login/issues/93")]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later: the action's prefix, then STS's `ValidationError` message (quoted in kreuzwerker/awsu issue #27)",
                            source: assumeRoleSource),
                    scenario: "duration-exceeds-max", .from("v3.0.0")),
            ],
            before: workflowSnippet(id, before: true, title: "Before: four hours on a one-hour role", workflow(14400)),
            after: workflowSnippet(
                id, before: false, title: "After: within the role's MaxSessionDuration", workflow(max),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "role-duration-seconds"], "at most the role's MaxSessionDuration")]),
            prevent: Prose.blocks("""
                The rule checks the 900–43200 range everywhere, and the role's `MaxSessionDuration` when Keyless \
                generates both the workflow and the role.
                """))
    }
}
