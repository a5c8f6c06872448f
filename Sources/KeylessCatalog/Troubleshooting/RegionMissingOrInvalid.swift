import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func regionMissingOrInvalid(_ ref: Reference) -> FailureMode {
        let id = "region-missing-or-invalid"
        let toolkit = Link("actions/toolkit packages/core/src/core.ts at 4b9afa4c",
                           "https://github.com/actions/toolkit/blob/4b9afa4c890de9d1a84c75bb617ee4d96207823a/packages/core/src/core.ts")
        let helpers = Source.ccaFile("src/helpers.ts", at: "v4.2.0")
        var before = oidcWorkflow(ref, steps: [credentials(ref), ref.callerIdentityStep])
        before.jobs[0].env = [KeyValue("AWS_DEFAULT_REGION", .string(ref.region))]
        before.jobs[0].steps[1].with.removeAll { $0.key == "aws-region" }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "aws-region is missing or not a region name",
                symptomGroup: "Input validation",
                symptoms: [],
                cause: Prose.blocks("""
                    `aws-region` is a required input (`required: true` in the action's `action.yml`). From v4.2.0 an \
                    `AWS_REGION` environment variable satisfies it: the action copies `AWS_REGION` into the input \
                    before reading it. `AWS_DEFAULT_REGION` is not on that list, so a job that sets only \
                    `AWS_DEFAULT_REGION` fails, and before v4.2.0 an `AWS_REGION` variable did not count either. An \
                    expression that evaluates to an empty string (an undefined `${{ vars.AWS_REGION }}`) counts as \
                    missing. A value with capitals or spaces fails the action's check `^[a-z0-9-]+$`.
                    """),
                confirm: Prose.blocks("""
                    The step's inputs at the top of the step in the log: `aws-region` is absent, empty, or not lower \
                    case, and the step's `env` (or the job's or workflow's) has no `AWS_REGION`.
                    """),
                fix: Prose.blocks("""
                    Set `aws-region` on the step, as a literal (`\(ref.region)`) or from a repository variable that \
                    exists; with v4.2.0 or later an `AWS_REGION` variable in `env:` also works. The action exports \
                    `AWS_REGION` and `AWS_DEFAULT_REGION` for later steps, so an `AWS_DEFAULT_REGION` entry in `env:` \
                    becomes unnecessary.
                    """),
                rule: "missing-aws-region",
                sources: [helpers, Source.ccaFile("action.yml", at: "v6.2.3"), toolkit, Source.ccaIssue(305)]),
            symptoms: [
                .reproduced(
                    LogLine("Error: Input required and not supplied: aws-region",
                            printedBy: "aws-actions/configure-aws-credentials, every version, when neither the input nor (from v4.2.0) an `AWS_REGION` variable gives a region; the message is the toolkit's `getInput` with `required: true`",
                            source: toolkit),
                    scenario: "region-only-default-region", .from("v1.0.0")),
                .reproduced(
                    LogLine("Error: Region is not valid: US-EAST-1",
                            printedBy: "aws-actions/configure-aws-credentials v1.3.1 and later (the value is the step's input)",
                            source: indexSource),
                    scenario: "region-invalid", .from("v1.3.1")),
            ],
            before: workflowSnippet(id, before: true, title: "Before: the region only as AWS_DEFAULT_REGION", before),
            after: workflowSnippet(
                id, before: false, title: "After: aws-region on the step", oidcWorkflow(ref, steps: [credentials(ref), ref.callerIdentityStep]),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "aws-region"], "required input; only AWS_REGION in env stands in for it (v4.2.0+)")]))
    }
}
