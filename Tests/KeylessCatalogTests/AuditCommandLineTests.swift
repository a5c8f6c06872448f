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
        // A refusal is exit 1 (the file is a workflow; the edit would not be safe), the file untouched.
        #expect(r.status == 1)
        #expect(r.stderr.contains(": error: cannot migrate safely: ") && r.stderr.hasSuffix("[migrate-refused]\n"), "\(r.stderr)")
        #expect(TestPaths.read(target) == text)
    }

    /// Exit codes of `keyless migrate`, as README and --help say: 0 migrated or nothing to change,
    /// 1 refused (file byte-identical), 2 bad usage or a file that is not a workflow; the highest wins.
    @Test func migrateExitCodes() throws {
        let k = try #require(Tools.keyless)
        let dir = try TestPaths.tempDir("migrate-exit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let role = ["--role", "arn:aws:iam::111122223333:role/deploy"]
        // CRLF, with keys: migrated in place, CRLF kept, nothing left beside it.
        let keys = dir.appendingPathComponent("keys.yml")
        let crlf = ["on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:",
                    "      - uses: aws-actions/configure-aws-credentials@v4", "        with:",
                    "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}",
                    "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}", "          aws-region: us-east-1", ""].joined(separator: "\r\n")
        try Data(crlf.utf8).write(to: keys)
        let w = try run(k, ["migrate", keys.path, "--write"] + role)
        #expect(w.status == 0 && w.stdout == "", "\(w.stderr)")
        #expect(w.stderr == "\(keys.path): note: job 'deploy': the new permissions block grants only contents: read and id-token: write; add any other scope the job used from the default token\n\(keys.path): migrated\n")
        let written = try Data(contentsOf: keys)
        #expect(String(decoding: written, as: UTF8.self) == ["on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest",
                    "    permissions:", "      contents: read", "      id-token: write", "    steps:",
                    "      - uses: aws-actions/configure-aws-credentials@v4", "        with:",
                    "          role-to-assume: arn:aws:iam::111122223333:role/deploy", "          role-session-name: github-actions-${{ github.run_id }}",
                    "          aws-region: us-east-1", ""].joined(separator: "\r\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keys.yml"])
        // Run again: nothing to change, exit 0, the file as it was.
        let again = try run(k, ["migrate", keys.path, "--write"] + role)
        #expect(again.status == 0 && again.stdout == "" && again.stderr == "\(keys.path): nothing to change\n")
        #expect(try Data(contentsOf: keys) == written)
        // Refused: exit 1 and the bytes unchanged, even with --write.
        let script = dir.appendingPathComponent("script.yml")
        let refused = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n    steps:\n      - run: ./deploy.sh\n"
        try Data(refused.utf8).write(to: script)
        let r = try run(k, ["migrate", script.path, "--write"] + role)
        #expect(r.status == 1)
        #expect(r.stderr == "\(script.path):8:9: error: cannot migrate safely: step 1 of job 'deploy' runs a script with the AWS keys of env: before any credentials step; the script consumes the key itself; edit this by hand [migrate-refused]\n")
        #expect(try Data(contentsOf: script) == Data(refused.utf8))
        // Not a workflow, or missing: 2; with a refused file beside it, still 2 (the highest).
        let notWorkflow = dir.appendingPathComponent("list.yml")
        try Data("- a\n- b\n".utf8).write(to: notWorkflow)
        #expect(try run(k, ["migrate", notWorkflow.path] + role).status == 2)
        #expect(try run(k, ["migrate", script.path, dir.appendingPathComponent("missing.yml").path] + role).status == 2)
        // Bad usage: 2.
        #expect(try run(k, ["migrate", keys.path, "--role", "deploy"]).status == 2)
        // --help documents the codes.
        let help = try run(k, ["migrate", "--help"])
        #expect(help.stdout.contains("0  every file migrated, or had nothing to change (no stored AWS key)"))
        #expect(help.stdout.contains("1  a file was refused"))
        #expect(help.stdout.contains("2  bad usage, or a file could not be read, parsed as a workflow, or replaced"))
    }
}
