import KeylessTestSupport
import KeylessModel
import Foundation
import KeylessAudit
import KeylessLint
import KeylessSyntax
import Testing

@Suite struct AuditTests {
    func job(_ r: AuditReport, _ path: String, _ id: String) throws -> JobAudit {
        let w = try #require(r.workflows.first { $0.path == path }, "\(path)")
        return try #require(w.jobs.first { $0.id == id }, "\(path) \(id)")
    }

    /// HoneyHive's environments, as `docs-src/keyless.yml` gives them (the audit has no built-in list).
    static let hiveEnvironments = ["production", "staging", "testing", "nationwide"]

    @Test func fixtureMatchesTheSeedsAnalysis() throws {
        let r = Auditor(environments: Self.hiveEnvironments).audit(AuditPaths.sources(AuditPaths.fixture))
        #expect(r.problems.isEmpty)
        #expect(r.workflows.count == 22)
        let counts = Self.hiveEnvironments.map { r.workflows(in: $0).count }
        #expect(counts == [6, 6, 5, 5])
        let s = r.summary
        #expect((s.workflows, s.jobs, s.longLivedKeys, s.oidc, s.mixed, s.none) == (22, 25, 23, 1, 0, 1))
        // The half-migrated workflow: one job on OIDC, one still on keys with id-token already granted.
        let cleanup = try #require(r.workflows.first { $0.path == "testing-cleanup.yml" })
        #expect(cleanup.auth == .mixed)
        #expect(try job(r, "testing-cleanup.yml", "plan").auth == .oidc)
        let half = try job(r, "testing-cleanup.yml", "cleanup")
        #expect(half.auth == .longLivedKeys && !half.lacksIDToken && half.lacksRole)
        // The reusable workflow and its caller (keys passed by name).
        let reusable = try job(r, "nationwide-deploy-reusable.yml", "deploy")
        #expect(reusable.findings.filter { $0.rule == AuditRules.longLivedKeys }.map(\.line) == [26, 27])
        let caller = try job(r, "nationwide-release.yml", "deploy-api")
        #expect(caller.auth == .longLivedKeys)
        #expect(caller.findings.contains { $0.rule == AuditRules.longLivedKeys && $0.line == 17 && $0.message.contains("HONEYHIVE_NATIONWIDE_DEPLOYMENT_AWS_USER_KEY_ID") })
        // Every job that reaches AWS carries the IAM note.
        for w in r.workflows { for j in w.jobs where j.auth != .none { #expect(j.findings.contains { $0.rule == AuditRules.iamNotVisible }) } }
        #expect(try job(r, "staging-smoke-tests.yml", "report").auth == .none)
    }

    @Test(.enabled(if: Tools.sharedAvailable(AuditPaths.corpus), "../shared/corpus (the python-sdk workflows) is not beside the package"))
    func corpusFindsLambdaKeysAndTheirCallers() throws {
        _ = try Tools.requireShared(AuditPaths.corpus)
        let r = Auditor().audit(AuditPaths.sources(AuditPaths.corpus))
        #expect(r.problems.isEmpty && r.workflows.count == 8)
        let lambda = try job(r, "lambda-tests.yml", "lambda-real-aws-tests")
        #expect(lambda.auth == .longLivedKeys)
        #expect(lambda.findings.filter { $0.rule == AuditRules.longLivedKeys }.map(\.line) == [133, 134])
        #expect(lambda.lacksIDToken && lambda.lacksRole)
        let rc = try job(r, "release-candidate.yml", "lambda-compatibility-tests")
        #expect(rc.auth == .longLivedKeys)
        #expect(rc.findings.contains { $0.line == 101 && $0.message.contains("secrets: inherit") && $0.message.contains("lambda-tests.yml") })
        // The issue says "no long-lived keys anywhere else"; tox-full-suite.yml does set them (step env,
        // workflow_call secrets), and release-candidate passes them on with `secrets: inherit`.
        let tox = try job(r, "tox-full-suite.yml", "integration-tests")
        #expect(tox.findings.filter { $0.rule == AuditRules.longLivedKeys }.map(\.line) == [238, 239])
        #expect(try job(r, "release-candidate.yml", "full-test-suite").auth == .longLivedKeys)
        let keyJobs = r.workflows.flatMap { w in w.jobs.filter { $0.auth != .none }.map { "\(w.path):\($0.id)" } }
        #expect(keyJobs == ["lambda-tests.yml:lambda-real-aws-tests", "release-candidate.yml:full-test-suite",
                            "release-candidate.yml:lambda-compatibility-tests", "tox-full-suite.yml:integration-tests"])
        // No environment list is given, so the audit groups by the environments the jobs declare.
        #expect(r.environments == ["github-pages"])
        #expect(r.workflows.filter { $0.environment != nil }.map(\.path) == ["docs-deploy.yml"])
    }

    @Test(arguments: AuditFormat.allCases) func everyFormatRendersBothSets(_ format: AuditFormat) throws {
        var sets = [AuditPaths.sources(AuditPaths.fixture)]
        if TestPaths.exists(AuditPaths.corpus) { sets.append(AuditPaths.sources(AuditPaths.corpus)) }
        for sources in sets {
            let r = Auditor().audit(sources)
            let out = format.render(r)
            #expect(out.hasSuffix("\n") && out == format.render(Auditor().audit(sources)), "deterministic")
            switch format {
            case .json:
                let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
                #expect(Array(doc.keys).sorted() == ["summary", "workflows"])
                #expect(out.hasPrefix("{\n  \"workflows\": [\n    {\n      \"path\": "))
                let summary = try #require(doc["summary"] as? [String: Int])
                #expect(summary["workflows"] == sources.count)
                #expect(out.contains("\"summary\": {\n    \"workflows\": \(sources.count),\n    \"jobs\": "))
            case .sarif:
                let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
                #expect(doc["version"] as? String == "2.1.0")
                let run = try #require((doc["runs"] as? [[String: Any]])?.first)
                let results = try #require(run["results"] as? [[String: Any]])
                let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
                #expect(rules?.map { $0["id"] as? String } == Rules.audit.map(\.id), "the audit's rules come from the registry")
                #expect(results.count == r.workflows.flatMap { $0.jobs.flatMap(\.findings) }.count)
                #expect(results.allSatisfy { ($0["locations"] as? [Any])?.count == 1 && ($0["message"] as? [String: String])?["text"] != nil })
            case .html:
                #expect(out.hasPrefix("<!DOCTYPE html>") && out.contains("</html>"))
            case .markdown:
                #expect(out.contains("| Environment | Workflows |"))
            case .text:
                #expect(out.contains("Summary"))
            }
        }
    }

    @Test func malformedFilesAreReportedAndOthersAudited() {
        let sources = [
            WorkflowSource(path: "broken.yml", text: "jobs: [\n"),
            WorkflowSource(path: "bomb.yml", text: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\non: push\njobs: {}\n"),
        ] + AuditPaths.sources(AuditPaths.fixture).prefix(2)
        let r = Auditor(nodeBudget: 10_000).audit(sources)
        // Aliases resolve to shared nodes; the reader visits only what it models, within its node budget.
        #expect(r.workflows.map(\.path) == ["bomb.yml"] + AuditPaths.sources(AuditPaths.fixture).prefix(2).map(\.path))
        #expect(r.problems.map(\.location.path) == ["broken.yml"] && r.problems[0].rule == "yaml-syntax")
    }
}

/// A repository root is audited as GitHub runs it: the files directly in `.github/workflows`. A composite
/// action kept in a subfolder there (lancedb keeps `build_linux_wheel/action.yml`) is read only through
/// the `uses: ./…` that names it, not as a workflow with no `on:` and no `jobs:`.
@Suite struct RepositoryRootTests {
    @Test func subfoldersOfTheWorkflowsFolderAreNotWorkflows() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-root-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let workflows = root.appendingPathComponent(".github/workflows")
        try FileManager.default.createDirectory(at: workflows.appendingPathComponent("build_wheel"), withIntermediateDirectories: true)
        try """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: ./.github/workflows/build_wheel
            """.write(to: workflows.appendingPathComponent("ci.yml"), atomically: true, encoding: .utf8)
        try """
            name: Build wheel
            runs:
              using: composite
              steps:
                - run: echo "$AWS_ACCESS_KEY_ID"
                  shell: bash
                  env:
                    AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}
            """.write(to: workflows.appendingPathComponent("build_wheel/action.yml"), atomically: true, encoding: .utf8)

        let walked = Auditor.files(under: [root.path])
        #expect(walked.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["ci.yml"])
        let report = Auditor(repositoryRoot: root.path).audit(files: walked.files, workers: 1)
        #expect(report.problems.isEmpty, "\(report.problems)")
        // The action is still followed from the step that uses it.
        #expect(report.workflows.first?.jobs.first?.auth == .longLivedKeys)

        // A folder that is not a repository root is still read recursively.
        #expect(Auditor.files(under: [workflows.path]).files.count == 2)
    }
}
