import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func selfHostedInstanceCredentials(_ ref: Reference) -> FailureMode {
        let selfHosted = Link("aws-actions/configure-aws-credentials README at v6.2.3, getting credentials in AWS self-hosted runners",
                              "https://github.com/aws-actions/configure-aws-credentials/blob/v6.2.3/README.md#getting-credentials-in-aws-self-hosted-runners")
        return FailureMode(
            entry: TroubleshootingEntry(
                id: "self-hosted-instance-credentials", title: "A self-hosted runner's instance role is ignored",
                symptomGroup: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                symptoms: [],
                cause: Prose.blocks("""
                    On a self-hosted runner in AWS (EC2 with an instance profile, CodeBuild, EKS) the machine already \
                    has credentials, and the job wants to use them to assume a second role. When the job also has \
                    `id-token: write`, the action does not look at those credentials: with `role-to-assume` set and \
                    no `aws-access-key-id`, `web-identity-token-file` or `role-chaining`, it takes the OIDC path and \
                    calls `AssumeRoleWithWebIdentity`. A role that trusts the instance role, not the OIDC provider, \
                    refuses it. `force-skip-oidc: true` (v5.0.0 and later) does not help on its own: with \
                    `role-to-assume` it requires `aws-access-key-id` or `web-identity-token-file`, and fails \
                    before any call otherwise.
                    """),
                confirm: Prose.blocks("""
                    `aws sts get-caller-identity` in a step before the action prints the instance role. The failing \
                    step has `role-to-assume` and the job has `id-token: write`. CloudTrail shows an \
                    `AssumeRoleWithWebIdentity` event for the target role, not an `AssumeRole` from the instance role.
                    """),
                fix: Prose.blocks("""
                    Set `role-chaining: true` on the step: the action then takes the runner's credentials from the \
                    SDK's chain (instance profile, container credentials) and calls `AssumeRole` with them, as the \
                    action's README describes for self-hosted runners. The target role's trust policy must allow \
                    the instance role `sts:AssumeRole` and `sts:TagSession` (or set `role-skip-session-tagging: true`). \
                    If the job does not need OIDC at all, drop `id-token: write` from it too.
                    """),
                rule: nil,
                sources: [selfHosted, Source.ccaFile("action.yml", at: "v6.2.3"), indexSource]),
            symptoms: [
                .reproduced(
                    LogLine(notAuthorizedV3().line.text,
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later on a runner with its own credentials, when the job has `id-token: write` and the step no `role-chaining: true`",
                            source: indexSource),
                    scenario: "self-hosted-oidc-preferred", .from("v3.0.0")),
                .reproduced(
                    LogLine("Error: If 'force-skip-oidc' is true and 'role-to-assume' is set, 'aws-access-key-id' or 'web-identity-token-file' must be set",
                            printedBy: "aws-actions/configure-aws-credentials v5.0.0 and later, when `force-skip-oidc: true` meets `role-to-assume` without keys or a token file",
                            source: indexSource),
                    scenario: "force-skip-oidc-without-keys", .from("v5.0.0")),
            ],
            prevent: Prose.blocks("""
                No static rule knows whether a runner has its own credentials. On self-hosted runners in AWS, give \
                every step that should start from them `role-chaining: true`.
                """))
    }
}
