import Foundation
import KeylessAudit
import KeylessLint
import KeylessSyntax
import KeylessTestSupport
import Testing

/// The audit's classification per defect class of the credentials model, on a small repository of our
/// own (workflows, a local composite action, a local reusable workflow) written to a temporary folder.
@Suite struct CredentialsAuditTests {
    static let checkout = "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1\n"
    static let credentials = "aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c  # v6.2.3"

    /// path → text, relative to the repository root.
    static let repository: [String: String] = [
        ".github/actions/deploy/action.yml": """
            name: deploy
            inputs:
              key-id:
                required: true
              key-secret:
                required: true
            runs:
              using: composite
              steps:
                - uses: \(credentials)
                  with:
                    aws-access-key-id: ${{ inputs.key-id }}
                    aws-secret-access-key: ${{ inputs.key-secret }}
                    aws-region: us-east-1

            """,
        ".github/actions/assume/action.yml": """
            name: assume
            runs:
              using: composite
              steps:
                - uses: \(credentials)
                  with:
                    role-to-assume: arn:aws:iam::111122223333:role/deploy
                    aws-region: us-east-1

            """,
        ".github/workflows/reusable.yml": """
            on:
              workflow_call:
                secrets:
                  DEPLOY_AWS_KEY_ID:
                    required: false
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: ./deploy.sh
                    env:
                      AWS_ACCESS_KEY_ID: ${{ secrets.DEPLOY_AWS_KEY_ID }}

            """,
        ".github/workflows/classes.yml": """
            on: workflow_dispatch
            permissions:
              id-token: write
            jobs:
              chaining:
                runs-on: ubuntu-latest
                steps:
                  - id: base
                    uses: \(credentials)
                    with:
                      role-to-assume: arn:aws:iam::111122223333:role/base
                      aws-region: us-east-1
                  - uses: \(credentials)
                    with:
                      aws-access-key-id: ${{ steps.base.outputs.aws-access-key-id }}
                      aws-secret-access-key: ${{ env.AWS_SECRET_ACCESS_KEY }}
                      role-to-assume: arn:aws:iam::111122223333:role/target
                      aws-region: us-east-1
              role-on-keys:
                runs-on: ubuntu-latest
                steps:
                  - uses: \(credentials)
                    with:
                      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                      role-to-assume: arn:aws:iam::111122223333:role/deploy
                      aws-region: us-east-1
              moto:
                runs-on: ubuntu-latest
                env:
                  AWS_ACCESS_KEY_ID: testing
                  AWS_SECRET_ACCESS_KEY: testing
                steps:
                  - run: pytest
              composite-keys:
                runs-on: ubuntu-latest
                steps:
                  - uses: ./.github/actions/deploy
                    with:
                      key-id: ${{ secrets.DEPLOY_ID }}
                      key-secret: ${{ secrets.DEPLOY_SECRET }}
              composite-role:
                runs-on: ubuntu-latest
                steps:
                  - uses: ./.github/actions/assume
              inherit:
                uses: ./.github/workflows/reusable.yml
                secrets: inherit
              no-secrets:
                uses: ./.github/workflows/reusable.yml
              script:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      aws configure set aws_access_key_id ${{ secrets.CI_KEY }}
                      aws sts assume-role-with-web-identity --role-arn "$ROLE" --web-identity-token "$TOKEN"

            """,
    ]

    static func audit() throws -> AuditReport {
        let root = try TestPaths.tempDir("credentials-audit")
        for (path, text) in repository {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let sources = [".github/workflows/classes.yml", ".github/workflows/reusable.yml"].map { WorkflowSource(path: $0, text: repository[$0]!) }
        return Auditor(repositoryRoot: root.path).audit(sources)
    }

    @Test func everyDefectClassIsClassifiedAsJudged() throws {
        let r = try Self.audit()
        let classes = try #require(r.workflows.first { $0.path == ".github/workflows/classes.yml" })
        let got = classes.jobs.map { "\($0.id): \($0.auth.rawValue) keys \($0.findings.filter { $0.rule == AuditRules.longLivedKeys }.map(\.line))" }
        #expect(got == [
            "chaining: oidc keys []",
            "role-on-keys: mixed keys [24, 25]",
            "moto: none keys []",
            "composite-keys: long-lived-keys keys [40, 41]",
            "composite-role: oidc keys []",
            "inherit: long-lived-keys keys [48]",
            "no-secrets: none keys []",
            "script: mixed keys [55]",
        ])
    }

    @Test func evidenceSaysWhereTheKeyEnters() throws {
        let r = try Self.audit()
        let jobs = try #require(r.workflows.first { $0.path == ".github/workflows/classes.yml" }).jobs
        let lines = jobs.filter { ["composite-keys", "inherit", "script"].contains($0.id) }
            .flatMap { j in j.findings.filter { $0.rule == AuditRules.longLivedKeys || $0.rule == AuditRules.oidcRole }.map { "\(j.id) \($0.line): \($0.message)" } }
        #expect(lines == [
            "composite-keys 40: a step passes aws-access-key-id: secrets.DEPLOY_ID to aws-actions/configure-aws-credentials (inside ./.github/actions/deploy)",
            "composite-keys 41: a step passes aws-secret-access-key: secrets.DEPLOY_SECRET to aws-actions/configure-aws-credentials (inside ./.github/actions/deploy)",
            "inherit 48: passes every secret (secrets: inherit) to ./.github/workflows/reusable.yml, which uses AWS keys (DEPLOY_AWS_KEY_ID)",
            "script 55: a script hands secrets.CI_KEY to aws configure set: `aws configure set aws_access_key_id ${{ secrets.CI_KEY }}`",
            "script 56: assumes a role with OIDC",
        ])
    }
}

/// Environments come from the workflows and `--environments`, never from a built-in list.
@Suite struct AuditEnvironmentTests {
    static func workflow(_ environment: String?) -> String {
        "on: workflow_dispatch\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n" + (environment.map { "    environment: \($0)\n" } ?? "")
            + "    steps:\n      - run: ./deploy.sh\n"
    }

    static let sources = [
        WorkflowSource(path: "prod-deploy.yml", text: workflow("prod")),
        WorkflowSource(path: "qa-release.yml", text: workflow(nil)),
        WorkflowSource(path: "tests.yml", text: workflow("qa")),
        WorkflowSource(path: "nationwide-deploy.yml", text: workflow(nil)),
    ]

    @Test func derivedFromEnvironmentValuesAndFileNamePrefixes() {
        let r = Auditor().audit(Self.sources)
        #expect(r.environments == ["prod", "qa"])
        #expect(r.workflows.map { "\($0.path)=\($0.environment ?? "-")" } == ["prod-deploy.yml=prod", "qa-release.yml=qa", "tests.yml=qa", "nationwide-deploy.yml=-"])
    }

    @Test func givenNamesAreUsedAsTheyAre() {
        let r = Auditor(environments: ["nationwide"]).audit(Self.sources)
        #expect(r.environments == ["nationwide"])
        #expect(r.workflows.map { $0.environment ?? "-" } == ["-", "-", "-", "nationwide"])
    }

    @Test func oneFileWithTwoProblemsCountsOnce() {
        let broken = WorkflowSource(path: "broken.yml", text: "on: push\njobs:\n  a:\n    timeout-minutes: soon\n    steps: {}\n")
        let r = Auditor().audit([broken] + Self.sources.prefix(1))
        #expect(r.problems.count == 2, "\(r.problems)")
        #expect(AuditFormat.text.render(r).contains("1 file could not be audited.\n"))
        #expect(!AuditFormat.text.render(r).contains("2 files"))
    }

    /// A file with CRLF line ends: the script line is found on its own line (as Characters, "\r\n" is one
    /// grapheme, so splitting on "\n" never split such a file).
    @Test func crlfScriptLinesKeepTheirLineNumbers() throws {
        let text = [
            "name: deploy", "on: [push]", "permissions: {}", "jobs:", "  deploy:", "    runs-on: ubuntu-24.04", "    steps:",
            "      - run: |", "          echo start", "          aws configure set aws_access_key_id ${{ secrets.KEY_ID }}", "",
        ].joined(separator: "\r\n")
        let report = Auditor().audit([WorkflowSource(path: ".github/workflows/deploy.yml", text: text)])
        let job = try #require(report.workflows.first?.jobs.first)
        #expect(job.auth == .longLivedKeys, "\(report.workflows)")
        #expect(job.keySecrets == ["KEY_ID"], "\(job.keySecrets)")
        let evidence = job.findings.map { "\($0.line):\($0.column) \($0.message)" }.joined(separator: "\n")
        #expect(job.findings.contains { $0.line == 10 }, "\(evidence)")
    }
}
