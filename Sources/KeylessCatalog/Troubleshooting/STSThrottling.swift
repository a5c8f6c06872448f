import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func stsThrottling(_ ref: Reference) -> FailureMode {
        FailureMode(
            entry: TroubleshootingEntry(
                id: "sts-throttling", title: "Many jobs at once exceed the STS request rate",
                symptomGroup: "Rate exceeded",
                symptoms: [],
                cause: Prose.blocks("""
                    A large matrix starts dozens of jobs in the same second, each calling \
                    `AssumeRoleWithWebIdentity` in the same account and region, and STS throttles the burst. Reports \
                    describe it as flaky matrix jobs that pass on re-run.
                    """),
                confirm: Prose.blocks("""
                    Failures cluster at the start of a large matrix and disappear on re-run, and the failing step's \
                    last line ends in STS's `Rate exceeded`. Count the jobs that start in the same minute: \
                    `strategy.matrix` size divided by `max-parallel`, if set.
                    """),
                fix: Prose.blocks("""
                    Limit the burst with `strategy.max-parallel`, keep the action's retries on (they back off), or \
                    assume the role once in a setup job and keep per-job AWS calls to those that need their own \
                    session.
                    """),
                rule: nil,
                sources: [Source.ccaIssue(348), Link("aws/amazon-cloudwatch-agent pull request #2231", "https://github.com/aws/amazon-cloudwatch-agent/pull/2231")]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Could not assume role with OIDC: Rate exceeded",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later once its retries are used up (or at once with `disable-retry: true`): the action's prefix, then the message of STS's `Throttling` error (quoted in jlevers/selling-partner-api issue #278)",
                            source: assumeRoleSource),
                    scenario: "sts-throttled", .from("v3.0.0")),
            ],
            prevent: Prose.blocks("No static rule can tell when a matrix is too large for an account's STS quota."))
    }
}
