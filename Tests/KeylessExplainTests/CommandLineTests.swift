import Foundation
import KeylessTestSupport
import Testing

/// `keyless explain` end to end: exit codes, diagnostics, standard input.
@Suite(.serialized, .enabled(if: Tools.keyless != nil || Tools.requireValidators, "needs the built keyless executable (swift build)"))
struct ExplainCommandLineTests {
    func keyless() throws -> URL { try #require(Tools.keyless, "build the keyless executable first") }
    var root: URL { TestPaths.packageRoot }

    @Test func explainsAndNarrows() throws {
        let r = try run(try keyless(), ["explain", fixture("not-authorized.log").path, "--workflow", fixture("environment-workflow.yml").path,
                                        "--job", "deploy", "--policy", fixture("branch-only-trust.json").path, "--repo", "octo-org/octo-repo"], cwd: root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Best fit: sub-mismatch-environment"))
        #expect(r.stdout.contains("Fix: add \"repo:octo-org/octo-repo:environment:production\""))
    }

    @Test func standardInputAndJSON() throws {
        let r = try run(try keyless(), ["explain", "-", "--format", "json"], cwd: root, stdin: "Error: Incorrect token audience\n")
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["best"] as? [String] == ["audience-not-on-provider"])
        #expect(json?["log"] as? String == "<stdin>")
    }

    @Test func nothingFitsExitsOne() throws {
        let r = try run(try keyless(), ["explain", fixture("unrelated.log").path], cwd: root)
        #expect(r.status == 1)
        #expect(r.stdout.contains("line 2: Error: Process completed with exit code 2."))
        #expect(r.stdout.contains("No failure mode fits"))
    }

    @Test func badInputExitsTwo() throws {
        let missing = try run(try keyless(), ["explain", "/nonexistent/job.log"], cwd: root)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("/nonexistent/job.log:1:1: error: ") && missing.stderr.contains("[log-read]"), "\(missing.stderr)")
        let usage = try run(try keyless(), ["explain", fixture("not-authorized.log").path, "--policy", "x.json"], cwd: root)
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--policy:1:1: error: --policy needs --workflow") && usage.stderr.contains("[explain-usage]"), "\(usage.stderr)")
        let job = try run(try keyless(), ["explain", fixture("not-authorized.log").path, "--workflow", fixture("environment-workflow.yml").path,
                                          "--job", "nope"], cwd: root)
        #expect(job.status == 2)
        #expect(job.stderr.contains("error: the workflow has no job 'nope' (jobs: build, deploy) [explain-job]"), "\(job.stderr)")
        let flag = try run(try keyless(), ["explain", fixture("not-authorized.log").path, "--format", "yaml"], cwd: root)
        #expect(flag.status == 2)
    }
}
