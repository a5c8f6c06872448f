import KeylessTestSupport
import Foundation
import KeylessAnalysis
import KeylessModel
import Testing

/// A job's `if:` in three-valued logic: false only when certainly false for the event and ref.
@Suite struct JobConditionTests {
    let push = JobCondition(eventName: "push", ref: "refs/heads/main")
    let pullRequest = JobCondition(eventName: "pull_request", ref: nil, refPrefix: "refs/pull/")
    let releaseGlob = JobCondition(eventName: "push", ref: nil, refPrefix: "refs/heads/release/")

    @Test func comparisonsOfTheEventAndTheRef() {
        #expect(push.evaluate("github.ref == 'refs/heads/main'") == true)
        #expect(push.evaluate("github.ref == 'refs/heads/MAIN'") == true)  // GitHub compares strings ignoring case
        #expect(push.evaluate("github.event_name == 'schedule'") == false)
        #expect(push.evaluate("github.event_name != 'pull_request'") == true)
        #expect(push.evaluate("${{ github.ref_name == 'main' && github.ref_type == 'branch' }}") == true)
        #expect(push.evaluate("!(github.event_name == 'push')") == false)
    }

    @Test func aPullRequestRefIsKnownByItsPrefix() {
        #expect(pullRequest.evaluate("github.ref == 'refs/heads/main' || github.event_name == 'schedule'") == false)
        #expect(pullRequest.evaluate("github.ref == 'refs/pull/42/merge'") == nil)
        #expect(pullRequest.evaluate("startsWith(github.ref, 'refs/pull/')") == true)
        #expect(releaseGlob.evaluate("startsWith(github.ref, 'refs/tags/') || github.ref == 'refs/heads/main'") == false)
        #expect(releaseGlob.evaluate("startsWith(github.ref, 'refs/heads/release/v')") == nil)
    }

    @Test func unknownPartsStayUnknownUnlessTheOtherSideDecides() {
        #expect(push.evaluate("needs.setup.outputs.run == 'true'") == nil)
        #expect(push.evaluate("needs.setup.outputs.run == 'true' && github.event_name == 'schedule'") == false)
        #expect(push.evaluate("needs.setup.outputs.run == 'true' || github.ref == 'refs/heads/main'") == true)
        #expect(push.evaluate("success()") == nil)
        #expect(push.evaluate("always() && github.event_name == 'push'") == true)
        #expect(push.evaluate("github.ref == ") == nil)  // malformed: unknown, never false
    }
}

/// `keyless trust` end to end: exact stdout (the policy) and stderr (the truth table or the refusals).
@Suite(.serialized) struct TrustCommandTests {
    static let dir = Fixtures.dir.appendingPathComponent("trust")
    func keyless() throws -> URL { try #require(Tools.keyless, "build the keyless executable first") }

    func trust(_ args: [String]) throws -> RunResult {
        try run(try keyless(), ["trust"] + args, cwd: Self.dir)
    }

    func expect(_ r: RunResult, _ name: String, status: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "\(r.stderr)", sourceLocation: sourceLocation)
        Golden.expect(r.stdout, equals: Self.dir.appendingPathComponent("expected/\(name).stdout"), sourceLocation: sourceLocation)
        Golden.expect(r.stderr, equals: Self.dir.appendingPathComponent("expected/\(name).stderr"), sourceLocation: sourceLocation)
    }

    /// An environment job: its `if:` keeps it off pull_request, so the policy names only the environment.
    @Test func environmentJob() throws {
        expect(try trust(["deploy.yml", "--repo", "acme/app"]), "deploy", status: 0)
    }

    /// `**` filters become StringLike; the `release/**` branches are left out by the job's `if:`.
    @Test func tagPatternAndAccount() throws {
        expect(try trust(["release.yml", "--repo", "acme/app", "--account", "111122223333"]), "release", status: 0)
    }

    /// A repository root: the caller of a local reusable workflow presents the token; immutable subjects; JSON.
    @Test func reusableWorkflowThroughItsCallerImmutableJSON() throws {
        expect(try trust(["repo", "--repo", "acme/app", "--owner-id", "1234", "--repo-id", "5678", "--format", "json"]), "repo", status: 0)
    }

    /// The callee named alone is read with the workflows beside it, so its caller is found the same way.
    @Test func calleeFileFindsItsCallerBesideIt() throws {
        let r = try trust(["repo/.github/workflows/aws-tests.yml", "--repo", "acme/app", "--owner-id", "1234", "--repo-id", "5678"])
        #expect(r.status == 0, "\(r.stderr)")
        Golden.expect(r.stdout, equals: Self.dir.appendingPathComponent("expected/repo.stdout"))
    }

    /// An environment from an expression and a single-`*` branch filter: refused with the reason, exit 1, no policy.
    @Test func expressionEnvironmentAndStarGlobAreRefused() throws {
        expect(try trust(["dynamic.yml", "--repo", "acme/app"]), "dynamic", status: 1)
        // Naming the ref (and event) the job runs for makes its sub exact.
        expect(try trust(["dynamic.yml", "--repo", "acme/app", "--job", "preview", "--event", "push", "--ref", "main"]), "dynamic-ref", status: 0)
    }

    /// The guide's role-per-branch workflow picks its role with an expression: the note says so, and
    /// `--event` gives the policy of one of them (the push to main, lambda-prod's branch subject).
    @Test func roleChosenByAnExpression() throws {
        let workflow = TestPaths.packageRoot.appendingPathComponent("Snippets/workflows/after/lambda-tests-role-per-branch.yml").path
        let r = try run(try keyless(), ["trust", workflow, "--repo", "honeyhiveai/python-sdk", "--event", "push"])
        #expect(r.status == 0, "\(r.stderr)")
        let policy = try PolicyCodecTestSupport.subjects(r.stdout)
        #expect(policy == ["repo:honeyhiveai/python-sdk:ref:refs/heads/main"])
        #expect(r.stderr.contains("note: job 'lambda-real-aws-tests' chooses its role with an expression (${{ github.ref == 'refs/heads/main' && "), "\(r.stderr)")
        let all = try run(try keyless(), ["trust", workflow, "--repo", "honeyhiveai/python-sdk"])
        #expect(try PolicyCodecTestSupport.subjects(all.stdout) == ["repo:honeyhiveai/python-sdk:ref:refs/heads/main", "repo:honeyhiveai/python-sdk:pull_request"])
    }

    @Test func unknownJobAndNoRoleExitTwo() throws {
        expect(try trust(["deploy.yml", "--repo", "acme/app", "--job", "deploy", "nope"]), "unknown-job", status: 2)
        expect(try trust(["norole.yml", "--repo", "acme/app"]), "norole", status: 2)
        let bad = try trust(["deploy.yml", "--repo", "acme/app", "--account", "12345"])
        #expect(bad.status == 2 && bad.stdout.isEmpty)
        #expect(bad.stderr.hasPrefix("Error: --account must be 12 digits or a placeholder in capitals (ACCOUNT_ID), found '12345'"), "\(bad.stderr)")
    }

    @Test func outputFileHoldsThePolicyAndStdoutStaysEmpty() throws {
        let out = try TestPaths.tempDir("trust").appendingPathComponent("trust.json")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let r = try trust(["deploy.yml", "--repo", "acme/app", "--output", out.path])
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        #expect(TestPaths.read(out) == TestPaths.read(Self.dir.appendingPathComponent("expected/deploy.stdout")))
        #expect(r.stderr == TestPaths.read(Self.dir.appendingPathComponent("expected/deploy.stderr")))
    }

    /// Every policy the command wrote passes `keyless check` (no finding at all).
    @Test func derivedPoliciesPassKeylessCheck() throws {
        for name in ["deploy", "release", "repo", "dynamic-ref"] {
            let file = Self.dir.appendingPathComponent("expected/\(name).stdout")
            let copy = try TestPaths.tempDir("trust-check").appendingPathComponent("\(name).json")
            defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
            try FileManager.default.copyItem(at: file, to: copy)
            let r = try run(try keyless(), ["check", copy.path])
            #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(name): \(r.stdout)\(r.stderr)")
        }
    }

    /// The check above can fail: the same policy with the subject widened to the whole repository is an error.
    @Test func keylessCheckFlagsAWidenedCopy() throws {
        let text = TestPaths.read(Self.dir.appendingPathComponent("expected/deploy.stdout"))
            .replacingOccurrences(of: "\"repo:acme/app:environment:production\"", with: "\"repo:acme/*\"")
        let copy = try TestPaths.tempDir("trust-check").appendingPathComponent("widened.json")
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let r = try run(try keyless(), ["check", copy.path])
        #expect(r.status == 1 && r.stdout.contains("[trust-"), "\(r.stdout)\(r.stderr)")
    }

    /// parliament: nothing but its two known false positives for trust policies (see ValidatorTests).
    @Test(.enabled(if: Tools.available("parliament"), "parliament not installed (make bootstrap)"))
    func derivedPoliciesPassParliament() throws {
        let parliament = try Tools.require("parliament")
        for name in ["deploy", "release", "repo", "dynamic-ref"] {
            let text = TestPaths.read(Self.dir.appendingPathComponent("expected/\(name).stdout")).replacingOccurrences(of: "ACCOUNT_ID", with: "111122223333")
            let r = try run(parliament, [], stdin: text)
            let findings = r.stdout.split(separator: "\n").filter {
                !$0.contains("neither Resource nor NotResource") && !$0.contains("Unknown federation source") && !$0.hasPrefix(" ") && !$0.isEmpty
            }
            // It exits 1 on its false positives; that it reports them shows it read the policy.
            #expect(r.stdout.contains("Unknown federation source") && findings.isEmpty, "\(name): \(r.stdout)\(r.stderr)")
        }
    }

    /// The python-sdk's real Lambda workflow: the job the guide's lambda-ci role is for, read with the
    /// workflows beside it (release-candidate.yml calls lambda-tests.yml on workflow_dispatch), gives
    /// byte for byte the trust policy the guide generates for that role.
    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.pythonSDKCorpus), "../shared/corpus is not present"))
    func pythonSDKLambdaTestsRole() throws {
        let corpus = try Tools.requireShared(TestPaths.pythonSDKCorpus)
        let workflow = corpus.appendingPathComponent(".github/workflows/lambda-tests.yml")
        let r = try run(try keyless(), ["trust", workflow.path, "--repo", "honeyhiveai/python-sdk", "--job", "lambda-real-aws-tests"], cwd: corpus)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == TestPaths.read(TestPaths.packageRoot.appendingPathComponent("Snippets/iam/trust/honeyhive-python-sdk-lambda-ci.json")))
        Golden.expect(r.stderr.replacingOccurrences(of: corpus.path + "/", with: ""), equals: Self.dir.appendingPathComponent("expected/python-sdk-lambda.stderr"))
    }
}

/// The `sub` values of a derived policy's one statement.
enum PolicyCodecTestSupport {
    static func subjects(_ text: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let statement = try #require((object["Statement"] as? [[String: Any]])?.first)
        let condition = try #require(statement["Condition"] as? [String: [String: Any]])
        let value = try #require(condition.values.compactMap { $0["token.actions.githubusercontent.com:sub"] }.first)
        if let list = value as? [String] { return list }
        return [try #require(value as? String)]
    }
}
