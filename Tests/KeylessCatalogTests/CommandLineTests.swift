import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import KeylessModel
import Foundation
import KeylessSyntax
import Testing

/// The executable end to end: exit codes, diagnostics on stderr, and that nothing is written on bad input.
@Suite(.serialized) struct CommandLineTests {
    func keyless() throws -> URL { try #require(Tools.keyless, "build the keyless executable first") }

    @Test func badConfigurationExitsTwoAndWritesNothing() throws {
        let out = try TestPaths.tempDir("cli-out")
        let cfg = out.deletingLastPathComponent().appendingPathComponent("bad-\(UUID().uuidString).yml")
        var text = TestPaths.read(TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml"))
        text = text.replacingOccurrences(of: "region: us-east-1", with: "region: moon-1")
        text = text.replacingOccurrences(of: "account: ACCOUNT_ID", with: "account: \"42\"")
        try text.write(to: cfg, atomically: true, encoding: .utf8)
        let r = try run(try keyless(), ["generate", "--config", cfg.path, "--output", out.path])
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(r.stderr)")
        #expect(lines.allSatisfy { $0.hasPrefix(cfg.path + ":") && $0.contains(": error: ") && $0.hasSuffix("]") })
        #expect(r.stderr.contains("[config-account]") && r.stderr.contains("[config-region]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test func missingConfigurationExitsTwo() throws {
        let r = try run(try keyless(), ["generate", "--config", "/nonexistent/keyless.yml", "--output", try TestPaths.tempDir("x").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("[config-read]"))
    }

    @Test func generateThenCheckThenDrift() throws {
        let out = try TestPaths.tempDir("cli-gen")
        let cfg = TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml").path
        let first = try run(try keyless(), ["generate", "--config", cfg, "--output", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try run(try keyless(), ["generate", "--config", cfg, "--output", out.path])
        #expect(again.stdout.contains("0 created, 0 updated, 0 deleted"))
        #expect(try run(try keyless(), ["generate", "--check", "--config", cfg, "--output", out.path]).status == 0)
        // One byte changed in a generated file: --check names it, shows a diff, exits 1, and writes nothing.
        let target = out.appendingPathComponent("docs/md/lambda-oidc.md")
        var bytes = try Data(contentsOf: target)
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == 0x41 ? 0x42 : 0x41
        try bytes.write(to: target)
        let check = try run(try keyless(), ["generate", "--check", "--config", cfg, "--output", out.path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("out of date: docs/md/lambda-oidc.md"))
        #expect(check.stderr.contains("@@ "))
        #expect(try Data(contentsOf: target) == bytes)
    }

    @Test func unknownFormatIsAUsageError() throws {
        let r = try run(try keyless(), ["generate", "--format", "pdf"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("pdf"), "\(r.stderr)")
    }

    @Test func checkExitCodes() throws {
        let k = try keyless()
        let snippets = TestPaths.packageRoot.appendingPathComponent("Snippets")
        // Reference output outside before/ folders: nothing to report.
        for sub in ["workflows/after", "iam/trust", "iam/permissions", "cli"] {
            let r = try run(k, ["check", snippets.appendingPathComponent(sub).path])
            #expect(r.status == 0 && r.stdout.isEmpty, "\(sub): \(r.stdout)")
        }
        let before = try run(k, ["check", snippets.appendingPathComponent("workflows/before").path])
        #expect(before.status == 1)
        #expect(before.stdout.contains("[long-lived-aws-keys]"))
        // An unparsable file: reported, exit 2, and the other files are still checked.
        let dir = try TestPaths.tempDir("check")
        try "jobs: [\n".write(to: dir.appendingPathComponent("a-broken.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: snippets.appendingPathComponent("workflows/before/lambda-tests-keys-step.yml"), to: dir.appendingPathComponent("b.yml"))
        try Data(TestPaths.read(TestPaths.packageRoot.appendingPathComponent("Snippets/iam/before/trust-audience-only.json")).utf8).write(to: dir.appendingPathComponent("c.json"))
        let mixed = try run(k, ["check", "--format", "github", dir.path])
        #expect(mixed.status == 2)
        #expect(mixed.stdout.contains("a-broken.yml") && mixed.stdout.contains("title=yaml-syntax"))
        #expect(mixed.stdout.contains("title=trust-missing-sub"))
    }

    /// `inject:` in the configuration: `generate` fills the pages' regions, `--check` reports their drift.
    @Test func configurationInjectTargets() throws {
        let k = try keyless()
        let dir = try TestPaths.tempDir("inject-config")
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("docs-src/hive-kube-fixture"), to: dir.appendingPathComponent("hive-kube-fixture"))
        let cfg = dir.appendingPathComponent("keyless.yml")
        try (TestPaths.read(TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml")) + "\ninject: [pages/testing.rst]\n").write(to: cfg, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("pages"), withIntermediateDirectories: true)
        let page = dir.appendingPathComponent("pages/testing.rst")
        let handWritten = "Testing\n=======\n\nBefore.\n\n.. BEGIN KEYLESS GENERATED: lambda-oidc-provider\n.. END KEYLESS GENERATED: lambda-oidc-provider\n\nAfter.\n"
        try handWritten.write(to: page, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let first = try run(k, ["generate", "--config", cfg.path, "--output", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        let filled = TestPaths.read(page)
        #expect(filled.hasPrefix("Testing\n=======\n\nBefore.\n\n.. BEGIN KEYLESS GENERATED: lambda-oidc-provider\n"))
        #expect(filled.hasSuffix(".. END KEYLESS GENERATED: lambda-oidc-provider\n\nAfter.\n"))
        #expect(filled.contains("create-open-id-connect-provider"))
        #expect(try run(k, ["generate", "--check", "--config", cfg.path, "--output", out.path]).status == 0)
        // Drift inside the region: --check names the page and exits 1, writing nothing.
        try filled.replacingOccurrences(of: "create-open-id-connect-provider", with: "create-something-else").write(to: page, atomically: true, encoding: .utf8)
        let drift = try run(k, ["generate", "--check", "--config", cfg.path, "--output", out.path])
        #expect(drift.status == 1)
        #expect(drift.stderr.contains("pages/testing.rst"))
        // A broken marker: exit 2, and neither the page nor the output changes.
        try "Testing\n=======\n\n.. BEGIN KEYLESS GENERATED: lambda-oidc-provider\n".write(to: page, atomically: true, encoding: .utf8)
        let newOut = dir.appendingPathComponent("out2")
        let broken = try run(k, ["generate", "--config", cfg.path, "--output", newOut.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("[inject-marker]"))
        #expect(!FileManager.default.fileExists(atPath: newOut.path))
    }
}
