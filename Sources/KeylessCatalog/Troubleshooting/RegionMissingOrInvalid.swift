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
        var before = oidcWorkflow(ref, steps: [credentials(ref), ref.callerIdentityStep])
        before.jobs[0].env = [KeyValue("AWS_REGION", .string(ref.region))]
        before.jobs[0].steps[1].with.removeAll { $0.key == "aws-region" }
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "aws-region is missing or not a region name",
                symptomGroup: "Input validation",
                symptoms: [
                    LogLine("Error: Input required and not supplied: aws-region",
                            printedBy: "aws-actions/configure-aws-credentials, whose action.yml marks `aws-region` as `required: true` (the message is the toolkit's `getInput`)", source: toolkit),
                    LogLine("Error: Region is not valid: US-EAST-1",
                            printedBy: "aws-actions/configure-aws-credentials v1.7.0 and later (the value is the step's input)",
                            source: Source.ccaFile("src/index.ts")),
                ],
                cause: Prose.blocks("""
                    `aws-region` is a required input: an `AWS_REGION` variable in `env:` does not satisfy it. An \
                    expression that evaluates to an empty string (an undefined `${{ vars.AWS_REGION }}`) counts as \
                    missing. A value with capitals or spaces fails the action's check `^[a-z0-9-]+$`.
                    """),
                confirm: Prose.blocks("The step's inputs at the top of the step in the log: `aws-region` is absent, empty, or not lower case."),
                fix: Prose.blocks("""
                    Set `aws-region` on the step, as a literal (`\(ref.region)`) or from a repository variable that \
                    exists. The action also exports `AWS_REGION` and `AWS_DEFAULT_REGION` for later steps, so the \
                    `env:` entry becomes unnecessary.
                    """),
                rule: "missing-aws-region",
                sources: [toolkit, Source.ccaFile("action.yml"), Source.ccaIssue(305)]),
            before: workflowSnippet(id, before: true, title: "Before: the region only in env", before),
            after: workflowSnippet(
                id, before: false, title: "After: aws-region on the step", oidcWorkflow(ref, steps: [credentials(ref), ref.callerIdentityStep]),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "aws-region"], "required input; env AWS_REGION does not count")]))
    }
}
