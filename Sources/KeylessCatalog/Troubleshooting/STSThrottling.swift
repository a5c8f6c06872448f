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
                symptoms: [
                    LogLine("Error: Could not assume role with OIDC: Rate exceeded",
                            printedBy: "aws-actions/configure-aws-credentials v3 and later; unverified: built from the action's prefix and STS's `Throttling` message `Rate exceeded`, not quoted from a run",
                            source: Link("jlevers/selling-partner-api issue #278 (the STS message)", "https://github.com/jlevers/selling-partner-api/issues/278")),
                ],
                cause: Prose.blocks("""
                    A large matrix starts dozens of jobs in the same second, each calling \
                    `AssumeRoleWithWebIdentity` in the same account and region, and STS throttles the burst. Reports \
                    describe it as flaky matrix jobs that pass on re-run.
                    """),
                confirm: Prose.blocks("""
                    Failures cluster at the start of a large matrix and disappear on re-run. CloudTrail may show \
                    `AssumeRoleWithWebIdentity` events with a throttling error code for those seconds (not confirmed \
                    for this guide: check your own events).
                    """),
                fix: Prose.blocks("""
                    Limit the burst with `strategy.max-parallel`, keep the action's retries on (they back off), or \
                    assume the role once in a setup job and keep per-job AWS calls to those that need their own \
                    session.
                    """),
                rule: nil,
                sources: [Source.ccaIssue(348), Link("aws/amazon-cloudwatch-agent pull request #2231", "https://github.com/aws/amazon-cloudwatch-agent/pull/2231")]),
            prevent: Prose.blocks("No static rule can tell when a matrix is too large for an account's STS quota."))
    }
}
