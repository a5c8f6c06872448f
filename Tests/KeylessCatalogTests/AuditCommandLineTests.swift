import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// `keyless audit` and `keyless migrate` through the executable: exit codes, --write, refusals.
@Suite(.serialized) struct AuditCommandLineTests {
    static let fixture = TestPaths.packageRoot.appendingPathComponent("docs-src/hive-kube-fixture")

    @Test func auditExitCodes() throws {
        let k = try #require(Tools.keyless)
        // Long-lived keys found: exit 1.
        let keys = try run(k, ["audit", Self.fixture.path])
        #expect(keys.status == 1, "\(keys.stderr)")
        #expect(keys.stdout.contains("long-lived"))
        // Nothing on keys: exit 0 (the reference workflows use OIDC).
        let dir = try TestPaths.tempDir("audit-ok")
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("Snippets/workflows/after/lambda-tests.yml"), to: dir.appendingPathComponent("lambda-tests.yml"))
        let clean = try run(k, ["audit", dir.path])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        // A malformed file: reported, exit 2, the others still audited.
        try "jobs: [\n".write(to: dir.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
        let broken = try run(k, ["audit", "--format", "json", dir.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.yml") || broken.stdout.contains("broken.yml"))
        #expect(broken.stdout.contains("lambda-tests.yml"))
    }

    @Test func migrateWritesAFileThatCheckAccepts() throws {
        let k = try #require(Tools.keyless)
        let dir = try TestPaths.tempDir("migrate")
        let source = Self.fixture.appendingPathComponent(".github/workflows/production-api-deploy.yml")
        guard FileManager.default.fileExists(atPath: source.path) else {
            Issue.record("fixture production-api-deploy.yml is missing")
            return
        }
        let target = dir.appendingPathComponent("production-api-deploy.yml")
        try FileManager.default.copyItem(at: source, to: target)
        let before = try Data(contentsOf: target)
        // Without --write: a diff on stdout, the file untouched.
        let diff = try run(k, ["migrate", target.path, "--role", "arn:aws:iam::111122223333:role/deploy", "--region", "us-east-1"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("+          role-to-assume: arn:aws:iam::111122223333:role/deploy"))
        #expect(try Data(contentsOf: target) == before)
        // With --write: the file changes and keyless check finds no long-lived keys and no missing id-token.
        let write = try run(k, ["migrate", target.path, "--role", "arn:aws:iam::111122223333:role/deploy", "--region", "us-east-1", "--write"])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try Data(contentsOf: target) != before)
        let check = try run(k, ["check", target.path])
        #expect(!check.stdout.contains("[long-lived-aws-keys]") && !check.stdout.contains("[missing-id-token]"), "\(check.stdout)")
    }

    @Test func migrateRefusesUnusualShapesAndLeavesTheFile() throws {
        let k = try #require(Tools.keyless)
        let dir = try TestPaths.tempDir("migrate-refuse")
        let target = dir.appendingPathComponent("flow.yml")
        let text = """
            on: push
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with: {aws-access-key-id: "${{ secrets.K }}", aws-secret-access-key: "${{ secrets.S }}", aws-region: us-east-1}

            """
        try text.write(to: target, atomically: true, encoding: .utf8)
        let r = try run(k, ["migrate", target.path, "--role", "arn:aws:iam::111122223333:role/deploy", "--write"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(": error: "))
        #expect(TestPaths.read(target) == text)
    }
}
