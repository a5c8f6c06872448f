import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func tokenRequestVariablesMissing(_ ref: Reference) -> FailureMode {
        let toolkit = Link(
            "actions/toolkit packages/core/src/oidc-utils.ts at 4b9afa4c",
            "https://github.com/actions/toolkit/blob/4b9afa4c890de9d1a84c75bb617ee4d96207823a/packages/core/src/oidc-utils.ts")
        return FailureMode(
            entry: TroubleshootingEntry(
                id: "token-request-variables-missing", title: "A tool or container cannot request the OIDC token",
                symptomGroup: "Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable",
                symptoms: [],
                cause: Prose.blocks("""
                    The runner hands a job two variables for requesting a token, `ACTIONS_ID_TOKEN_REQUEST_URL` and \
                    `ACTIONS_ID_TOKEN_REQUEST_TOKEN`, and only when the job has `id-token: write`. Either the \
                    permission is missing, or the process asking for the token does not see them: a `docker run` \
                    inside a step starts with an empty environment unless told otherwise, and so do tools that \
                    scrub the environment. Container jobs and Docker container actions do receive them.
                    """),
                confirm: Prose.blocks("""
                    In the same step (or inside the same container), run `env | grep -c ACTIONS_ID_TOKEN`: the job can \
                    request a token when it prints `2` (the values themselves are masked in the log). On the host, \
                    `0` means the permission is missing: check *Set up job* → *GITHUB_TOKEN Permissions* for \
                    `IdToken: write`.
                    """),
                fix: Prose.blocks("""
                    - Missing permission: grant `id-token: write` on the job, as in \
                    [The job cannot request an OIDC token](page:troubleshooting-missing-id-token-permission).
                    - A container started by hand: pass the two names through, \
                    `docker run -e ACTIONS_ID_TOKEN_REQUEST_URL -e ACTIONS_ID_TOKEN_REQUEST_TOKEN IMAGE …`.
                    - Simpler and narrower: assume the role on the host with configure-aws-credentials and pass only \
                    the short-lived result, `docker run -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN -e AWS_REGION IMAGE …`. \
                    The container then never holds a credential that can mint new tokens.
                    """),
                rule: "missing-id-token",
                sources: [toolkit, Link("ArtemioPadilla/watchboard pull request #174", "https://github.com/ArtemioPadilla/watchboard/pull/174"), Source.githubOIDC]),
            symptoms: [
                .reproduced(
                    LogLine("Error: getIDToken call failed: Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable",
                            printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later when the process sees `ACTIONS_ID_TOKEN_REQUEST_TOKEN` but not the URL (the part after `getIDToken call failed:` is @actions/core's `getIDToken`, as any toolkit-based tool prints it)",
                            source: indexSource),
                    scenario: "token-url-missing", .from("v3.0.0")),
                .quoted(LogLine("Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable",
                                printedBy: "@actions/core `getIDToken` in other toolkit-based tools, when only the URL reached the process. configure-aws-credentials never prints it: it tests `ACTIONS_ID_TOKEN_REQUEST_TOKEN` itself first, and without it prints its `id-token` hint and tries the SDK's chain instead (scenario `token-request-token-missing`)",
                                source: toolkit),
                        versions: "@actions/core `getIDToken`, not configure-aws-credentials"),
                .reproduced(
                    LogLine(didYouMeanIDToken.line.text, printedBy: "aws-actions/configure-aws-credentials v3.0.1 and later, when the process sees no `ACTIONS_ID_TOKEN_REQUEST_TOKEN`, whatever the URL", source: indexSource),
                    scenario: "token-request-token-missing", .from("v3.0.1")),
                // The error the same run ends with, as the missing-permission entry quotes it too.
                .reproduced(couldNotLoadCredentialsLine, scenario: "token-request-token-missing", .from("v3.0.2")),
            ],
            prevent: Prose.blocks("""
                That rule sees only the permission. Whether a `docker run` passes the variables on is a guess from a \
                shell script, so no rule checks it: grep for `docker run` in jobs that request tokens.
                """))
    }
}
