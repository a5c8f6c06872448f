import KeylessTestSupport
import KeylessModel
import Foundation
import KeylessAudit
import KeylessSyntax
import KeylessLint
import Testing

@Suite struct MigrateTests {
    static let fixtures = AuditPaths.sources(AuditPaths.fixture)

    static func options(_ path: String) -> MigrateOptions {
        let env = String(path.prefix { $0 != "-" })
        return MigrateOptions(role: "arn:aws:iam::ACCOUNT_ID:role/honeyhive-hive-kube-\(env)-deploy", sessionName: "hive-kube-\(env)-${{ github.run_id }}")
    }

    /// Lines a migration may remove or write: key inputs and env, permissions, secrets, the new inputs.
    static let allowedOld = ["aws-access-key-id:", "aws-secret-access-key:", "aws-session-token:", "AWS_ACCESS_KEY_ID:", "AWS_SECRET_ACCESS_KEY:",
                             "_KEY_ID:", "_KEY_SECRET:", "required:", "permissions:", "id-token:", "secrets:", "env:"]
    static let allowedNew = ["role-to-assume:", "role-session-name:", "aws-region:", "permissions:", "id-token: write",
                             "contents: read", "actions: read"]

    func check(_ m: Migration, original: String, scopes: [String] = []) {
        let old = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = m.migrated.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kept = old.enumerated().filter { !m.changedLines.contains($0.offset + 1) }.map(\.element)
        #expect(new.count == kept.count + m.newLines.count, "\(m.path)")
        // Every unchanged line is still there, byte for byte and in order, and the rest are the new lines.
        var i = 0
        var extra: [String] = []
        for l in new {
            if i < kept.count && kept[i] == l { i += 1 } else { extra.append(l) }
        }
        #expect(i == kept.count, "\(m.path): an unchanged line moved or changed")
        #expect(extra.sorted() == m.newLines.sorted(), "\(m.path)")
        for n in m.changedLines {
            let line = old[n - 1]
            #expect(Self.allowedOld.contains { line.contains($0) }, "\(m.path):\(n) changed: \(line)")
        }
        for l in m.newLines {
            #expect((Self.allowedNew + scopes).contains { l.contains($0) }, "\(m.path) wrote: \(l)")
        }
        let lint = Linter(pins: .empty).lint(m.migrated, path: m.path)
        #expect(lint.parsed)
        #expect(!lint.diagnostics.contains { ["long-lived-aws-keys", "missing-id-token"].contains($0.rule) }, "\(lint.diagnostics)")
    }

    @Test(arguments: fixtures.map(\.path)) func fixtureMigratesMinimally(_ path: String) throws {
        let source = try #require(Self.fixtures.first { $0.path == path })
        let m = try Migrator.migrate(source, options: Self.options(path), siblings: Self.fixtures.filter { $0.path != path })
        #expect(m.changed)
        check(m, original: source.text, scopes: ["packages: read", "checks: write", "deployments: write", "contents: write"])
    }

    /// After migrating every fixture, the audit finds no long-lived key left.
    @Test func fixtureSetIsKeylessAfterMigration() throws {
        var migrated: [WorkflowSource] = []
        for s in Self.fixtures {
            let m = try Migrator.migrate(s, options: Self.options(s.path), siblings: Self.fixtures.filter { $0.path != s.path })
            migrated.append(WorkflowSource(path: s.path, text: m.migrated))
        }
        let r = Auditor().audit(migrated)
        #expect(!r.hasLongLivedKeys && r.summary.lacksIDToken == 0 && r.summary.lacksRole == 0)
        #expect(r.summary.oidc == 24 && r.summary.none == 1)
    }

    @Test func refusesUnusualShapes() throws {
        let base = try #require(Self.fixtures.first { $0.path == "testing-e2e.yml" }).text
        let cases: [(String, String)] = [
            (base.replacingOccurrences(of: "    permissions:\n      contents: read\n      checks: write      # publishes the test report\n", with: "    permissions: {contents: read, checks: write}\n"), "flow mapping"),
            (base.replacingOccurrences(of: "        with:\n          aws-access-key-id", with: "        with: &creds\n          aws-access-key-id")
                .replacingOccurrences(of: "      - name: Run the e2e suite\n", with: "      - name: Again\n        uses: aws-actions/configure-aws-credentials@v4\n        with: *creds\n      - name: Run the e2e suite\n"), "aliases"),
            (base.replacingOccurrences(of: "          aws-access-key-id: ${{ secrets.HONEYHIVE_TESTING_DEPLOYMENT_AWS_USER_KEY_ID }}\n", with: "          aws-access-key-id: >-\n            ${{ secrets.HONEYHIVE_TESTING_DEPLOYMENT_AWS_USER_KEY_ID }}\n"), "spans several lines"),
        ]
        for (text, reason) in cases {
            #expect(text != base)
            #expect(throws: DiagnosticError.self) { try Migrator.migrate(WorkflowSource(path: "x.yml", text: text), options: Self.options("testing-x")) }
            do { _ = try Migrator.migrate(WorkflowSource(path: "x.yml", text: text), options: Self.options("testing-x")) } catch {
                #expect(error.diagnostics.contains { $0.message.contains(reason) && $0.rule == "migrate-refused" }, "\(error)")
            }
        }
    }

    static let lambdaDiff = """
        --- a/lambda-tests.yml
        +++ b/lambda-tests.yml
        @@ -15,9 +15,5 @@
                 required: false
                 default: false
             secrets:
        -      AWS_ACCESS_KEY_ID:
        -        required: false
        -      AWS_SECRET_ACCESS_KEY:
        -        required: false
               HH_API_KEY:
                 required: false
        @@ -122,5 +118,9 @@
             name: "☁️ Real AWS Environment"
             runs-on: ubuntu-latest
             if: github.ref == 'refs/heads/main' || github.event_name == 'schedule'
        +    permissions:
        +      contents: read
        +      actions: read
        +      id-token: write
         
             steps:
        @@ -130,7 +130,7 @@
               - name: Configure AWS credentials
                 uses: aws-actions/configure-aws-credentials@v4
                 with:
        -          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
        -          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
        +          role-to-assume: arn:aws:iam::ACCOUNT_ID:role/honeyhive-python-sdk-lambda-ci
        +          role-session-name: github-actions-lambda-test
                   aws-region: us-east-1
         

        """

    static let releaseDiff = """
        --- a/release-candidate.yml
        +++ b/release-candidate.yml
        @@ -94,5 +94,9 @@
             name: 🐳 Lambda Compatibility Tests
             needs: pre-release-validation
             if: needs.pre-release-validation.outputs.should-run-tests == 'true'
        +    permissions:
        +      contents: read
        +      actions: read
        +      id-token: write
             uses: ./.github/workflows/lambda-tests.yml
             with:

        """

    @Test(.enabled(if: Tools.sharedAvailable(AuditPaths.corpus), "../shared/corpus (the python-sdk workflows) is not beside the package"))
    func corpusLambdaTestsAndItsCaller() throws {
        _ = try Tools.requireShared(AuditPaths.corpus)
        let all = AuditPaths.sources(AuditPaths.corpus)
        let options = MigrateOptions(role: "arn:aws:iam::ACCOUNT_ID:role/honeyhive-python-sdk-lambda-ci", sessionName: "github-actions-lambda-test")
        let lambda = try #require(all.first { $0.path == "lambda-tests.yml" })
        let m = try Migrator.migrate(lambda, options: options, siblings: all.filter { $0.path != lambda.path })
        #expect(m.diff == Self.lambdaDiff)
        check(m, original: lambda.text)
        let rc = try #require(all.first { $0.path == "release-candidate.yml" })
        let c = try Migrator.migrate(rc, options: options, siblings: all.filter { $0.path != rc.path })
        #expect(c.diff == Self.releaseDiff)
        check(c, original: rc.text)
        #expect(c.notes.contains { $0.contains("full-test-suite") && $0.contains("tox-full-suite.yml") })
        // tox-full-suite.yml sets the keys in a step's env with no credentials step: refused, not guessed.
        let tox = try #require(all.first { $0.path == "tox-full-suite.yml" })
        #expect(throws: DiagnosticError.self) { try Migrator.migrate(tox, options: options, siblings: all) }
    }

    /// actionlint and zizmor find nothing new in a migrated fixture (findings compared by rule, not line).
    @Test(.enabled(if: Tools.available("actionlint", "zizmor"), "actionlint and zizmor are not installed (make bootstrap)"))
    func validatorsFindNothingNew() throws {
        let tools = [("actionlint", ["-no-color", "-format", "{{range $err := .}}{{$err.Kind}}\n{{end}}"]),
                     ("zizmor", ["--offline", "--no-progress", "--format", "plain"])]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-migrate-\(UUID().uuidString)")
        let before = dir.appendingPathComponent("before/.github/workflows"), after = dir.appendingPathComponent("after/.github/workflows")
        try FileManager.default.createDirectory(at: before, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: after, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for s in Self.fixtures {
            let m = try Migrator.migrate(s, options: Self.options(s.path), siblings: Self.fixtures.filter { $0.path != s.path })
            try s.text.write(to: before.appendingPathComponent(s.path), atomically: true, encoding: .utf8)
            try m.migrated.write(to: after.appendingPathComponent(s.path), atomically: true, encoding: .utf8)
        }
        for (name, args) in tools {
            let tool = try Tools.require(name)
            func findings(_ root: URL, _ file: String) throws -> [String: Int] {
                let p = Process()
                p.executableURL = tool
                p.arguments = args + [root.appendingPathComponent(file).path]
                var env = ProcessInfo.processInfo.environment
                env["GH_TOKEN"] = nil
                env["GITHUB_TOKEN"] = nil
                p.environment = env
                let out = Pipe()
                p.standardOutput = out
                p.standardError = FileHandle.nullDevice
                try p.run()
                let data = out.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                let text = String(decoding: data, as: UTF8.self)
                // actionlint: one kind per line; zizmor plain: `warning[rule]: …` / `error[rule]: …` headers.
                let keys = text.split(separator: "\n").compactMap { line -> String? in
                    if name == "actionlint" { return String(line) }
                    guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"), open < close,
                        ["warning", "error", "help", "info"].contains(String(line[..<open])) else { return nil }
                    return String(line[line.index(after: open)..<close])
                }
                return keys.reduce(into: [:]) { $0[$1, default: 0] += 1 }
            }
            var seen = 0
            for s in Self.fixtures {
                let b = try findings(before, s.path), a = try findings(after, s.path)
                seen += b.values.reduce(0, +)
                for (rule, n) in a { #expect(n <= b[rule] ?? 0, "\(name) \(s.path): new \(rule) finding after migration") }
            }
            #expect(seen > 0, "\(name) reported nothing on the fixtures' @v4 references: did it run?")
        }
    }
}
