import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// `keyless simulate`, `claims` and `doctor` end to end: exit codes, JSON shape, diagnostics on stderr.
@Suite(.serialized) struct AnalysisCommandLineTests {
    func keyless() throws -> URL { try #require(Tools.keyless, "build the keyless executable first") }
    let policy = Fixtures.path("policies/stricter.json")

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func simulateDeniesStagingAndExitsZero() throws {
        let r = try run(try keyless(), ["simulate", "--policy", policy, "--claims", Fixtures.path("claims-staging.json"), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try json(r.stdout) as? [String: Any])
        #expect(object["decision"] as? String == "deny")
        let statements = try #require(object["statements"] as? [[String: Any]])
        #expect(statements.count == 1 && statements[0]["matched"] as? Bool == false && statements[0]["sid"] as? String == "GitHubActionsOIDC")
        #expect((statements[0]["failed_condition"] as? [String: Any])?["key"] as? String == "token.actions.githubusercontent.com:sub")
        #expect((object["reason"] as? String)?.contains("environment:staging") == true)
    }

    @Test func simulateAllowsMainInText() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-claims-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "sub": "repo:honeyhiveai/python-sdk:ref:refs/heads/main"}"#
            .write(to: dir, atomically: true, encoding: .utf8)
        let r = try run(try keyless(), ["simulate", "--policy", policy, "--claims", dir.path])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("allow: "), "\(r.stdout)")
    }

    @Test func simulateUnreadableInputExitsTwoWithADiagnostic() throws {
        let missing = try run(try keyless(), ["simulate", "--policy", "/nonexistent/trust.json", "--claims", Fixtures.path("claims-staging.json")])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("/nonexistent/trust.json:1:1: error: ") && missing.stderr.contains("[policy-read]"), "\(missing.stderr)")
        // A policy file given as the claims: valid JSON but not claims of strings.
        let wrong = try run(try keyless(), ["simulate", "--policy", policy, "--claims", policy])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("[claims-invalid]"), "\(wrong.stderr)")
        // Claims given as the policy.
        let notPolicy = try run(try keyless(), ["simulate", "--policy", Fixtures.path("claims-staging.json"), "--claims", Fixtures.path("claims-staging.json")])
        #expect(notPolicy.status == 2 && notPolicy.stderr.contains("[policy-invalid]"))
    }

    @Test func claimsJSONForEnvironments() throws {
        let r = try run(try keyless(), ["claims", Fixtures.path("workflows/environments.yml"), "--repo", "honeyhiveai/python-sdk", "--event", "push", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(try json(r.stdout) as? [[String: Any]])
        #expect(items.map { $0["job"] as? String } == ["by-name", "by-mapping", "with-colon"])
        #expect(items.map { $0["sub"] as? String } == [
            "repo:honeyhiveai/python-sdk:environment:production",
            "repo:honeyhiveai/python-sdk:environment:staging",
            "repo:honeyhiveai/python-sdk:environment:prod%3Aeu",
        ])
        #expect(items.allSatisfy { $0.keys.contains("environment") && $0.keys.contains("job_workflow_ref") })
        #expect(items[0]["job_workflow_ref"] as? String == "honeyhiveai/python-sdk/.github/workflows/environments.yml@refs/heads/main")
    }

    @Test func claimsImmutableForm() throws {
        let r = try run(try keyless(), ["claims", Fixtures.path("workflows/push.yml"), "--repo", "honeyhiveai/python-sdk",
                                        "--owner-id", "123456", "--repo-id", "456789", "--format", "json"])
        let items = try #require(try json(r.stdout) as? [[String: Any]])
        #expect(items.first?["sub"] as? String == "repo:honeyhiveai@123456/python-sdk@456789:ref:refs/heads/main")
    }

    @Test func claimsOutputIsDeterministic() throws {
        let args = ["claims", Fixtures.path("workflows/reusable-call.yml"), "--repo", "honeyhiveai/python-sdk", "--format", "json"]
        let a = try run(try keyless(), args), b = try run(try keyless(), args)
        #expect(a.status == 0 && a.stdout == b.stdout && !a.stdout.isEmpty)
    }

    @Test func claimsRejectsABadRepositoryAndOneIDAlone() throws {
        let bad = try run(try keyless(), ["claims", Fixtures.path("workflows/push.yml"), "--repo", "python-sdk"])
        #expect(bad.status == 2, "\(bad.stderr)")
        let half = try run(try keyless(), ["claims", Fixtures.path("workflows/push.yml"), "--repo", "a/b", "--owner-id", "1"])
        #expect(half.status == 2, "\(half.stderr)")
        let broken = try run(try keyless(), ["claims", policy, "--repo", "a/b"])
        #expect(broken.status == 2 && broken.stderr.contains(": error: "), "\(broken.stderr)")
    }

    @Test func doctorReportsTheStagingRefusalWithItsFix() throws {
        let workflow = Fixtures.path("workflows/staging-deploy.yml")
        let r = try run(try keyless(), ["doctor", workflow, "--policy", policy, "--repo", "honeyhiveai/python-sdk"])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        // Points at the job's key (line 5, column 3 of the fixture), in the one diagnostic format.
        #expect(lines[0].hasPrefix("\(workflow):5:3: error: job 'deploy' on push presents `repo:honeyhiveai/python-sdk:environment:staging`"))
        #expect(lines[0].contains(#"Fix: add "repo:honeyhiveai/python-sdk:environment:staging" to StringEquals "token.actions.githubusercontent.com:sub""#))
        #expect(lines[0].hasSuffix("[doctor-refused]"))
        #expect(r.stdout.contains("1 refused"))
    }

    @Test func doctorExitsZeroWhenEverythingIsAdmitted() throws {
        let r = try run(try keyless(), ["doctor", Fixtures.path("workflows/push.yml"), "--policy", policy, "--repo", "honeyhiveai/python-sdk", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        // An object: the verdict for the whole file, and one finding per combination.
        let report = try #require(try json(r.stdout) as? [String: Any])
        #expect(report["verdict"] as? String == "no-refusal")
        let items = try #require(report["findings"] as? [[String: Any]])
        #expect(items.map { $0["verdict"] as? String } == ["admitted"])
    }
}
