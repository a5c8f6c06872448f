import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func nestedJobIDTokenNone(_ ref: Reference) -> FailureMode {
        let docs = Link(
            "GitHub: reusing workflow configurations (access and permissions for nested workflows)",
            "https://docs.github.com/en/actions/reference/workflows-and-actions/reusing-workflow-configurations#access-and-permissions-for-nested-workflows")
        let loki = Link("grafana/loki pull request #22151 (the full validation error)", "https://github.com/grafana/loki/pull/22151")
        let atelier = Link("stepbrobd/atelier issue #13", "https://github.com/stepbrobd/atelier/issues/13")
        return FailureMode(
            entry: TroubleshootingEntry(
                id: "nested-job-id-token-none", title: "The caller of a reusable workflow does not grant id-token",
                symptomGroup: "The workflow is not valid",
                symptoms: [],
                cause: Prose.blocks("""
                    A called (reusable) workflow can keep or lower the permissions of the job that calls it, never \
                    raise them. When a job of the called workflow asks for `id-token: write` and the calling job \
                    grants no `id-token` (a `permissions:` block without it, or `permissions: {}` at the top with \
                    nothing on the job), GitHub checks both files when the run is created and rejects it: no job \
                    starts, no step runs, and configure-aws-credentials never prints anything.
                    """),
                confirm: Prose.blocks("""
                    The run shows *Invalid workflow file* (or ends as a startup failure with 0 jobs), the message names \
                    the calling workflow's line and the nested job, and the calling job's `permissions:` has no \
                    `id-token: write`.
                    """),
                fix: Prose.blocks("""
                    Grant `id-token: write` (and `contents: read` if the called workflow checks out code) on the \
                    calling job, the one with `uses: OWNER/REPO/.github/workflows/FILE.yml@REF`:

                    ```yaml
                    jobs:
                      deploy:
                        permissions:
                          contents: read
                          id-token: write
                        uses: ./.github/workflows/deploy.yml
                    ```

                    Grant it on that job rather than at the top of the workflow, so the caller's other jobs do not \
                    get the permission too.
                    """),
                rule: "missing-id-token",
                sources: [docs, loki, atelier, Source.githubReusable]),
            symptoms: [
                .quoted(LogLine("The nested job 'deploy' is requesting 'id-token: write', but is only allowed 'id-token: none'.",
                                printedBy: "GitHub Actions' workflow validation, before the run starts; the job name is the called workflow's job. The full annotation reads `The workflow is not valid. .github/workflows/FILE.yml (Line: N, Col: M): Error calling workflow 'OWNER/REPO/.github/workflows/FILE.yml@REF'. The nested job …`",
                                source: loki),
                        versions: "GitHub Actions on github.com (quoted from runs in 2026); no version of configure-aws-credentials is involved"),
            ],
            prevent: Prose.blocks("""
                For a local reusable workflow (`uses: ./.github/workflows/…`) whose jobs assume a role with OIDC, \
                `keyless check` reads both files and reports the calling job. For a workflow in another repository \
                it cannot see the callee: read its `permissions:` and grant the same `id-token` on the caller.
                """))
    }
}
