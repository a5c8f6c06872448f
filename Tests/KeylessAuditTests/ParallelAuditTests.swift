import Foundation
import KeylessAudit
import KeylessSyntax
import KeylessTestSupport
import Testing

/// `Auditor.audit(files:workers:)` (what `keyless audit` runs: files on every core, compact results)
/// must give the report the in-memory `audit(_:)` gives for the same files, in every format.
@Suite struct ParallelAuditTests {
    /// The report `keyless audit ROOT` made before the audit went parallel: every source in memory.
    static func inMemory(_ root: String) -> AuditReport {
        let walked = Auditor.files(under: [root])
        let (sources, readProblems) = Auditor.read(walked.files)
        var r = Auditor(repositoryRoot: Auditor.repositoryRoot(of: [root])).audit(sources)
        r.problems = (walked.problems + readProblems + r.problems).sorted { $0.location < $1.location }
        return r
    }

    static func onDisk(_ root: String, workers: Int) -> AuditReport {
        let walked = Auditor.files(under: [root])
        var r = Auditor(repositoryRoot: Auditor.repositoryRoot(of: [root])).audit(files: walked.files, workers: workers)
        r.problems = (walked.problems + r.problems).sorted { $0.location < $1.location }
        return r
    }

    func compare(_ root: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let expected = Self.inMemory(root)
        #expect(!expected.workflows.isEmpty, "\(root): nothing audited", sourceLocation: sourceLocation)
        for workers in [1, 2, 4] {
            let got = Self.onDisk(root, workers: workers)
            #expect(got == expected, "\(root): the report differs with \(workers) workers", sourceLocation: sourceLocation)
            for format in AuditFormat.allCases {
                #expect(format.render(got) == format.render(expected), "\(root): \(format) differs with \(workers) workers", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func sameReportOnTheHiveKubeFixture() {
        compare(TestPaths.packageRoot.appendingPathComponent("docs-src/hive-kube-fixture").path)
    }

    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus), "../shared/corpus/realworld is not beside the package"))
    func sameReportOnTheRealWorldCorpus() throws {
        let corpus = try Tools.requireShared(TestPaths.realWorldCorpus)
        let repos = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
            .map { corpus.appendingPathComponent($0) }
            .filter { TestPaths.exists($0.appendingPathComponent(".github/workflows")) }
        #expect(repos.count >= 10)
        for repo in repos { compare(repo.path) }
    }

    /// The benchmark corpus with its shared reusable workflow present (callers resolve it, and it calls
    /// another local workflow and a missing one), plus a file that is not a workflow.
    @Test(.enabled(if: Tools.available("python3"), "python3 is not installed"))
    func sameReportOnTheBenchCorpusWithLocalCalls() throws {
        let root = try BenchCorpus.make(count: 300)
        defer { try? FileManager.default.removeItem(at: root) }
        compare(root.path)
        // The callers did see the callee: some job passes keys to it by `secrets: inherit`.
        let r = Self.onDisk(root.path, workers: 2)
        #expect(r.workflows.contains { $0.jobs.contains { $0.findings.contains { $0.message.contains("(secrets: inherit) to ./.github/workflows/shared-deploy.yml, which uses AWS keys") } } })
    }

    /// Reusable workflows that call each other (GitHub rejects the loop): the in-memory audit shares one
    /// analyzer across files, so there what a caller sees of the loop depends on the files before it;
    /// on disk each file gets its own analyzer, so the report is the same whatever the workers.
    @Test(.enabled(if: Tools.available("python3"), "python3 is not installed"))
    func callLoopsGiveOneReportWhateverTheWorkers() throws {
        let root = try BenchCorpus.make(count: 40, cycle: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let one = Self.onDisk(root.path, workers: 1)
        for workers in [2, 4] {
            let many = Self.onDisk(root.path, workers: workers)
            #expect(many == one)
            for format in AuditFormat.allCases { #expect(format.render(many) == format.render(one), "\(format) with \(workers) workers") }
        }
    }
}

/// `scripts/bench/corpus.py` into a temporary repository, with the reusable workflows its callers name.
enum BenchCorpus {
    static func make(count: Int, cycle: Bool = false) throws -> URL {
        let python = try Tools.require("python3")
        let root = try TestPaths.tempDir("bench-corpus")
        let workflows = root.appendingPathComponent(".github/workflows")
        let script = TestPaths.packageRoot.appendingPathComponent("scripts/bench/corpus.py").path
        let r = try run(python, [script, workflows.path, String(count)])
        guard r.status == 0 else { throw BenchCorpusFailed(stderr: r.stderr) }
        try """
            name: shared-deploy
            on:
              workflow_call:
                inputs:
                  environment:
                    type: string
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c  # v6.2.3
                    with:
                      aws-access-key-id: ${{ secrets.HONEYHIVE_STAGING_DEPLOYMENT_AWS_USER_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.HONEYHIVE_STAGING_DEPLOYMENT_AWS_USER_KEY_SECRET }}
                      aws-region: us-east-1
              nested:
                uses: ./.github/workflows/shared-oidc.yml
                secrets: inherit
              missing:
                uses: ./.github/workflows/not-there.yml

            """.write(to: workflows.appendingPathComponent("shared-deploy.yml"), atomically: true, encoding: .utf8)
        try """
            name: shared-oidc
            on: workflow_call
            permissions:
              id-token: write
            jobs:
              assume:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c  # v6.2.3
                    with:
                      role-to-assume: arn:aws:iam::111122223333:role/shared
                      aws-region: us-east-1
            \(cycle ? "  back:\n    uses: ./.github/workflows/shared-deploy.yml\n" : "")

            """.write(to: workflows.appendingPathComponent("shared-oidc.yml"), atomically: true, encoding: .utf8)
        try "just: [text\n".write(to: workflows.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
        return root
    }
}

struct BenchCorpusFailed: Error, CustomStringConvertible {
    var stderr: String
    var description: String { "scripts/bench/corpus.py failed: \(stderr)" }
}
