import KeylessSyntax
import KeylessDocs
import KeylessAnalysis
import KeylessExplain
import KeylessModel

/// The Troubleshooting index's "Paste your log" section: the command and a worked example whose output
/// is produced by running the explainer on the sample below while the guide is generated.
enum PasteYourLog {
    static let repository = "octo-org/octo-repo"

    /// A failed job's raw log as GitHub's "Download log" gives it.
    static let log = """
        2026-11-30T12:00:01.1234567Z ##[group]Run aws-actions/configure-aws-credentials@v6.2.3
        2026-11-30T12:00:01.1235678Z with:
        2026-11-30T12:00:01.1236789Z   role-to-assume: arn:aws:iam::111122223333:role/deploy
        2026-11-30T12:00:01.1237890Z   aws-region: us-east-1
        2026-11-30T12:00:01.1238901Z ##[endgroup]
        2026-11-30T12:00:02.2345678Z Assuming role with OIDC
        2026-11-30T12:00:02.6789012Z ##[error]Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity

        """

    /// The job: it runs in the `production` environment, so its `sub` names the environment.
    static let workflow = """
        name: Deploy
        on:
          push:
            branches: [main]
        permissions: {}
        jobs:
          deploy:
            runs-on: ubuntu-latest
            environment: production
            permissions:
              contents: read
              id-token: write
            steps:
              - uses: aws-actions/configure-aws-credentials@v6.2.3
                with:
                  role-to-assume: arn:aws:iam::111122223333:role/deploy
                  aws-region: us-east-1

        """

    /// The role's trust policy: it lists the branch only.
    static let policy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
              "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": {
                "StringEquals": {
                  "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                  "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"
                }
              }
            }
          ]
        }

        """

    static let command = "keyless explain job.log --workflow .github/workflows/deploy.yml --job deploy --policy trust.json --repo \(repository)"

    /// The explainer on the sample: with no evidence, then with the workflow and the trust policy.
    static func run(_ modes: [FailureMode]) throws -> (alone: Explanation, narrowed: Explanation) {
        let explainer = Explainer(entries: ExplainCatalog.entries(modes))
        let source = try KeylessAnalysis.WorkflowSource(text: workflow, path: ".github/workflows/deploy.yml")
        let document = try PolicyCodec.decode(policy)
        let input = ExplainEvidenceInput(workflow: source.workflow, workflowPath: source.workflowPath, job: "deploy",
                                         policy: document, repository: RepositoryName(parsing: repository))
        return (explainer.explain(JobLog(log)), explainer.explain(JobLog(log), evidence: input))
    }

    static func section(_ modes: [FailureMode]) -> Section {
        let output: String, tied: Int
        do {
            let (alone, narrowed) = try run(modes)
            output = narrowed.render(.text, source: "job.log")
            tied = alone.best.count
        } catch {
            output = "the example could not be produced: \(error)\n"
            tied = 0
        }
        return Section(id: "paste-your-log", title: "Paste your log", blocks: Prose.blocks("""
            Save the failed job's log (the job's menu, *Download log*, or the lines copied from the page) and let \
            `keyless explain` find the failure lines and name the entries they fit, best first, each with its \
            cause, how to confirm it, the fix and its page. The matching comes from the entries' own symptom lines \
            below: a leading `Error: ` is ignored, and the parts that vary between runs (ARNs, URLs, quoted values, \
            region names, AWS ids, masked `***` values and numbers) may differ.

            ```sh
            keyless explain LOG [--workflow FILE --job ID] [--policy TRUST.json --repo OWNER/REPO] [--format text|json|markdown]
            ```

            `LOG` may be `-` for standard input. Many entries share a log line: this one fits \(tied) entries, and \
            on the log alone `keyless explain` lists them and says which evidence would decide. With the workflow it \
            reads the job's `id-token` permission and the shape of `role-to-assume`; with the trust policy it predicts \
            the job's `sub` for every event its triggers allow and simulates the policy against it. It exits 0 when \
            it explains the log, 1 when no entry fits (and prints what it saw), 2 on unreadable input.

            For example, this job runs in the `production` environment, and the role's trust policy lists only \
            `repo:\(repository):ref:refs/heads/main`. The log:
            """) + [
                .code(CodeSample(language: "text", text: log)),
                .paragraph([.text("The command, and what it printed when this guide was generated:")]),
                .code(CodeSample(language: "sh", text: command + "\n")),
                .code(CodeSample(language: "text", text: output)),
            ])
    }
}
