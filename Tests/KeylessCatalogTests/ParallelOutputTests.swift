import Foundation
import KeylessCatalog
import KeylessLint
import KeylessModel
import KeylessSyntax
import KeylessTestSupport
import Testing

/// `keyless check` and `keyless audit` spread files over the cores; their output must be the bytes of a one-at-a-time run.
@Suite struct ParallelOutputTests {
    static let corpus = TestPaths.realWorldCorpus

    func compare(_ paths: [String]) throws {
        let k = try Tools.requireKeyless()
        for format in ["text", "json", "sarif"] {
            let one = try run(k, ["check", "--jobs", "1", "--format", format] + paths, cwd: TestPaths.packageRoot)
            let many = try run(k, ["check", "--jobs", "4", "--format", format] + paths, cwd: TestPaths.packageRoot)
            #expect(one.status == many.status, "\(format): exit \(one.status) vs \(many.status)")
            #expect(one.stdout == many.stdout, "\(format): output differs between --jobs 1 and --jobs 4")
            #expect(one.stderr == many.stderr, "\(format): stderr differs")
            #expect(!one.stdout.isEmpty)
        }
    }

    @Test func checkIsByteIdenticalOnTheShippedFiles() throws {
        try compare(["docs-src/hive-kube-fixture", "Snippets", "Tests/KeylessLintTests/Fixtures"])
    }

    @Test(.enabled(if: Tools.sharedAvailable(corpus), "../shared/corpus/realworld is not beside the package"))
    func checkIsByteIdenticalOnTheRealWorldCorpus() throws {
        try compare([try Tools.requireShared(Self.corpus).path])
    }

    /// `keyless audit` with `--jobs 1` and with the default (every core), every format, byte for byte.
    func compareAudit(_ paths: [String], jobs: [String] = []) throws {
        let k = try Tools.requireKeyless()
        for format in ["text", "json", "markdown", "html", "sarif"] {
            let one = try run(k, ["audit", "--jobs", "1", "--format", format] + paths, cwd: TestPaths.packageRoot)
            let many = try run(k, ["audit", "--format", format] + jobs + paths, cwd: TestPaths.packageRoot)
            #expect(one.status == many.status, "\(format): exit \(one.status) vs \(many.status)")
            #expect(one.stdout == many.stdout, "\(format): audit output differs between --jobs 1 and the default")
            #expect(one.stderr == many.stderr, "\(format): stderr differs")
            #expect(!one.stdout.isEmpty)
        }
    }

    @Test func auditIsByteIdenticalOnTheShippedFixture() throws {
        try compareAudit(["docs-src/hive-kube-fixture"])
        try compareAudit(["docs-src/hive-kube-fixture"], jobs: ["--jobs", "4"])
    }

    /// Each repository of the corpus as its root (its `.github/workflows`, local actions beside it).
    @Test(.enabled(if: Tools.sharedAvailable(corpus), "../shared/corpus/realworld is not beside the package"))
    func auditIsByteIdenticalOnTheRealWorldCorpus() throws {
        let root = try Tools.requireShared(Self.corpus)
        let repos = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            .map { root.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent(".github/workflows").path) }
        #expect(repos.count >= 10)
        for repo in repos { try compareAudit([repo.path]) }
        // All of them in one run (the first root is the repository root for local actions).
        try compareAudit(repos.map { $0.appendingPathComponent(".github/workflows").path })
    }

    /// The benchmark corpus (`scripts/bench/corpus.py`, fewer files: this is a debug build) in a
    /// temporary repository, with the shared reusable workflow its callers name.
    @Test(.enabled(if: Tools.available("python3"), "python3 is not installed"))
    func auditIsByteIdenticalOnTheBenchCorpus() throws {
        let python = try Tools.require("python3")
        let dir = try TestPaths.tempDir("parallel-audit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let workflows = dir.appendingPathComponent(".github/workflows")
        let script = TestPaths.packageRoot.appendingPathComponent("scripts/bench/corpus.py").path
        let made = try run(python, [script, workflows.path, "200"])
        #expect(made.status == 0, "\(made.stderr)")
        try "on: workflow_call\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n    steps:\n      - run: aws s3 ls\n"
            .write(to: workflows.appendingPathComponent("shared-deploy.yml"), atomically: true, encoding: .utf8)
        try compareAudit([dir.path])
    }

    @Test func auditJobsMustBePositive() throws {
        let r = try run(try Tools.requireKeyless(), ["audit", "--jobs", "0", "docs-src/hive-kube-fixture"], cwd: TestPaths.packageRoot)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("--jobs must be at least 1"), "\(r.stderr)")
    }

    /// Trees are not kept while files are linted; a caller whose callee is among the files is parsed
    /// again, so the cross-file finding keeps its position (the `uses:` line), with any --jobs.
    @Test func crossFileFindingKeepsItsPosition() throws {
        let dir = try TestPaths.tempDir("parallel-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let workflows = dir.appendingPathComponent(".github/workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        try "on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    uses: ./.github/workflows/callee.yml\n"
            .write(to: workflows.appendingPathComponent("caller.yml"), atomically: true, encoding: .utf8)
        try "on: workflow_call\npermissions:\n  id-token: write\njobs:\n  assume:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c  # v6.2.3\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/x\n          aws-region: us-east-1\n"
            .write(to: workflows.appendingPathComponent("callee.yml"), atomically: true, encoding: .utf8)
        let k = try Tools.requireKeyless()
        for jobs in ["1", "4"] {
            let r = try run(k, ["check", "--jobs", jobs, workflows.path])
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stdout == "\(workflows.path)/caller.yml:6:5: error: job 'deploy' calls ./.github/workflows/callee.yml, whose job 'assume' assumes a role with OIDC, but does not grant id-token: write; a caller's permissions cap the called workflow's [missing-id-token]\n")
        }
    }

    /// What `keyless check` printed before it went parallel: every file linted, every decoded workflow
    /// held, the cross-file rule over all of them, sorted, one string.
    static func inMemoryCheck(_ paths: [String]) -> String {
        let linter = Linter(pins: KeylessCatalog().pins, extraAudiences: [])
        let walked = Linter.files(under: paths)
        var all = walked.problems
        var decoded: [DecodedWorkflow] = []
        for f in walked.files {
            switch InputFile.read(f, maxBytes: Linter.maxFileBytes) {
            case .failure(let d): all.append(d)
            case .success(let text):
                let r = linter.lint(text, path: f)
                all += r.diagnostics
                if let d = r.decoded { decoded.append(d) }
            }
        }
        all += linter.crossFile(decoded)
        all.sort { $0.location < $1.location }
        return LintFormat.text.render(all)
    }

    /// `keyless check` keeps neither trees nor models for the cross-file rule and reads the files of
    /// resolving calls again: its output must be the in-memory lint's, on corpora with local calls.
    @Test func checkEqualsTheInMemoryLint() throws {
        let k = try Tools.requireKeyless()
        let dir = try TestPaths.tempDir("check-calls")
        defer { try? FileManager.default.removeItem(at: dir) }
        let workflows = dir.appendingPathComponent(".github/workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        let oidcCallee = "on: workflow_call\npermissions:\n  id-token: write\njobs:\n  assume:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c  # v6.2.3\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/x\n          aws-region: us-east-1\n"
        let files: [(String, String)] = [
            ("a-caller.yml", "on: push\npermissions:\n  contents: read\njobs:\n  one:\n    uses: ./.github/workflows/callee.yml\n  two:\n    uses: ./.github/workflows/missing.yml\n  three:\n    uses: ./.github/workflows/middle.yml\n"),
            ("b-caller.yml", "on: push\njobs:\n  again:\n    permissions:\n      contents: read\n    uses: ./.github/workflows/callee.yml\n"),
            ("callee.yml", oidcCallee),
            ("middle.yml", "on: workflow_call\npermissions: {}\njobs:\n  down:\n    uses: ./.github/workflows/callee.yml\n"),
            ("lonely.yml", oidcCallee),
            ("granted.yml", "on: push\npermissions:\n  id-token: write\njobs:\n  fine:\n    uses: ./.github/workflows/callee.yml\n"),
        ]
        for (name, text) in files { try text.write(to: workflows.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        var corpora = [[workflows.path],
                       [TestPaths.packageRoot.appendingPathComponent("docs-src/hive-kube-fixture").path,
                        TestPaths.packageRoot.appendingPathComponent("Tests/KeylessLintTests/Fixtures").path]]
        if TestPaths.exists(Self.corpus) { corpora.append([Self.corpus.path]) }
        for paths in corpora {
            let expected = Self.inMemoryCheck(paths)
            for jobs in ["1", "4"] {
                let r = try run(k, ["check", "--jobs", jobs] + paths)
                #expect(r.stdout == expected, "\(paths): check --jobs \(jobs) differs from the in-memory lint")
            }
        }
        #expect(Self.inMemoryCheck([workflows.path]).contains("a-caller.yml:6:5: error: job 'one' calls ./.github/workflows/callee.yml"))
    }

    /// `keyless check` writes the text and github formats a block of findings at a time: that is the
    /// whole rendering only while they are a line per finding with nothing around them.
    @Test func lineFormatsRenderPerFinding() throws {
        let linter = Linter(pins: .empty)
        let fixtures = TestPaths.packageRoot.appendingPathComponent("Tests/KeylessLintTests/Fixtures")
        var all: [Diagnostic] = []
        for f in Linter.files(under: [fixtures.path]).files {
            all += linter.lint(TestPaths.read(URL(fileURLWithPath: f)), path: f).diagnostics
        }
        #expect(all.count > 20)
        for format in [LintFormat.text, .github] {
            let whole = format.render(all)
            let pieces = stride(from: 0, to: all.count, by: 7).map { format.render(Array(all[$0..<min($0 + 7, all.count)])) }.joined()
            #expect(pieces == whole, "\(format) is not a line per finding")
            #expect(format.render([]) == "")
        }
    }

    @Test func jobsMustBePositive() throws {
        let r = try run(try Tools.requireKeyless(), ["check", "--jobs", "0", "Snippets"], cwd: TestPaths.packageRoot)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("--jobs must be at least 1"), "\(r.stderr)")
    }
}
