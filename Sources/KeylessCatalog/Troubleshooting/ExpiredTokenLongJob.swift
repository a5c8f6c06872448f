import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func expiredTokenLongJob(_ ref: Reference) -> FailureMode {
        let id = "expired-token-long-job"
        let maxSession = Link("IAM: update the maximum session duration for a role",
                              "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html#id_roles_update-session-duration")
        let va = Link("department-of-veterans-affairs/content-build pull request #1958",
                      "https://github.com/department-of-veterans-affairs/content-build/pull/1958")
        func workflow(_ seconds: Int?) -> Workflow {
            oidcWorkflow(ref, steps: [
                credentials(ref, extra: seconds.map { [KeyValue("role-duration-seconds", .int($0))] } ?? []),
                ref.callerIdentityStep,
            ])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "Credentials expire in a long job",
                symptomGroup: "The security token included in the request is expired",
                symptoms: [],
                cause: Prose.blocks("""
                    configure-aws-credentials asks STS for a session of `role-duration-seconds`, one hour (3600) \
                    when the input is absent, and exports the result as fixed environment variables. Nothing \
                    refreshes them: a step that calls AWS after the session ended fails with `ExpiredToken` (or the \
                    service's `ExpiredTokenException`), however long the job's own timeout is. The GitHub OIDC token \
                    is used once, at the exchange, so its lifetime does not matter here.
                    """),
                confirm: Prose.blocks("""
                    The failing call comes more than `role-duration-seconds` (3600 if unset) after the credentials \
                    step finished: compare the step timestamps in the log. `aws sts get-caller-identity` early in \
                    the job works; CloudTrail's `AssumeRoleWithWebIdentity` event shows the `durationSeconds` asked.
                    """),
                fix: Prose.blocks("""
                    Ask for a session that covers the job: `role-duration-seconds` up to the role's \
                    `MaxSessionDuration`, which is one hour unless raised (up to 12 hours, \
                    `aws iam update-role --role-name NAME --max-session-duration 10800`). A request above the \
                    role's maximum fails at once, see \
                    [The requested session is longer than the role allows](page:troubleshooting-duration-exceeds-max-session). \
                    A chained session (`role-chaining: true`) stays limited to one hour, see \
                    [Role chaining is limited to one hour](page:troubleshooting-role-chaining-over-one-hour). \
                    Alternatively run the credentials step again right before the late step: each run exchanges a \
                    fresh token.
                    """),
                rule: "role-duration-out-of-range",
                sources: [Source.ccaIssue(488), va, maxSession, Source.ccaFile("src/index.ts", at: "v6.2.3")]),
            symptoms: [
                .quoted(LogLine("An error occurred (ExpiredTokenException) when calling the BatchGetBuilds operation: The security token included in the request is expired",
                                printedBy: "the AWS CLI in a later step, here calling CodeBuild more than an hour after configure-aws-credentials v1 ran", source: Source.ccaIssue(488)),
                        versions: "every version of configure-aws-credentials (the credentials are never refreshed); the operation name is the failing call's"),
                .quoted(LogLine("An error occurred (ExpiredToken) when calling the PutObject operation: The provided token has expired.",
                                printedBy: "the AWS CLI calling S3 after the session ended (S3 words the same refusal differently)", source: va),
                        versions: "every version of configure-aws-credentials; the operation name is the failing call's"),
            ],
            before: workflowSnippet(id, before: true, title: "Before: the default one-hour session for a longer job", workflow(nil)),
            after: workflowSnippet(
                id, before: false, title: "After: a three-hour session (the role's MaxSessionDuration raised to match)", workflow(10800),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "role-duration-seconds"], "at most the role's MaxSessionDuration")]),
            prevent: Prose.blocks("""
                `role-duration-out-of-range` checks the value is within 900–43200 seconds. Whether it covers the job \
                and fits the role's `MaxSessionDuration` depends on the job's run time and the account.
                """))
    }
}
