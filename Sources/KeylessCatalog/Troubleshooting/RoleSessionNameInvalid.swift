import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func roleSessionNameInvalid(_ ref: Reference) -> FailureMode {
        let id = "role-session-name-invalid"
        let index = Source.ccaFile("src/index.ts", at: "v6.2.3")
        func workflow(_ session: String) -> Workflow {
            oidcWorkflow(ref, steps: [credentials(ref, sessionName: session), ref.callerIdentityStep])
        }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The role session name has characters STS refuses",
                symptomGroup: "Input validation",
                symptoms: [],
                cause: Prose.blocks("""
                    `role-session-name` must be 2 to 64 characters from `[\\w+=,.@-]`: letters, digits, `_`, and \
                    `+=,.@-`. No spaces, `/` or `:`. Names built from `${{ github.ref_name }}` or \
                    `${{ github.head_ref }}` break on the first branch called `feature/…`; `${{ github.actor }}` \
                    breaks on bots (`dependabot[bot]`). Before v6.2.0 the action sent the name to STS as it was, \
                    and STS refused the call with its `ValidationError` (its common error for a parameter outside the \
                    API's constraints), so the lines above appear only from v6.2.0.
                    """),
                confirm: Prose.blocks("The step's inputs are printed at the top of the step in the log: read the expanded name."),
                fix: Prose.blocks("""
                    Build the name from values that cannot contain other characters: \
                    `gh-${{ github.run_id }}-${{ github.run_attempt }}` is digits and dashes, and ties CloudTrail \
                    events to one run. Or leave the input out: the default is `GitHubActions`.
                    """),
                rule: "role-session-name-invalid",
                sources: [index, Source.stsWebIdentity, Link("configure-aws-credentials CHANGELOG", "https://github.com/aws-actions/configure-aws-credentials/blob/main/CHANGELOG.md")]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Role session name is not valid: 'deploy-feature/login'. Must satisfy regular expression pattern: [\\w+=,.@-]*",
                            printedBy: "aws-actions/configure-aws-credentials v6.2.0 and later, before calling STS (the quoted name is the step's value)",
                            source: index),
                    scenario: "session-name-invalid", .from("v6.2.0")),
                .reproduced(
                    LogLine("Error: Role session name must be between 2 and 64 characters, got 1: 'x'",
                            printedBy: "aws-actions/configure-aws-credentials v6.2.0 and later (the count and name are the step's value)",
                            source: index),
                    scenario: "session-name-short", .from("v6.2.0")),
            ],
            before: workflowSnippet(id, before: true, title: "Before: a branch name in the session name", workflow("deploy-${{ github.ref_name }}")),
            after: workflowSnippet(
                id, before: false, title: "After: the run id and attempt", workflow("gh-${{ github.run_id }}-${{ github.run_attempt }}"),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "role-session-name"], "digits and dashes only; 2 to 64 characters")]))
    }
}
