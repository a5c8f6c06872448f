import Foundation
import KeylessSyntax
import KeylessGenerator
import KeylessLint
import KeylessModel
import KeylessTestSupport
import Testing

enum Fixtures {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func files(_ sub: String) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: dir.appendingPathComponent(sub), includingPropertiesForKeys: nil)) ?? [])
            .filter { ["yml", "json"].contains($0.pathExtension) }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
    static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
    /// The pin table as the catalog ships it (majors v4 of checkout are node20, and so on).
    static let linter = Linter(pins: ActionPins(
        pins: [
            ActionPin(repository: "actions/checkout", version: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", runtime: "node24", source: "test"),
            ActionPin(repository: "aws-actions/configure-aws-credentials", version: "v6.2.3", sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c", runtime: "node24", source: "test"),
        ],
        majors: [
            ActionMajor(repository: "actions/checkout", major: "v4", runtime: "node20"),
            ActionMajor(repository: "aws-actions/configure-aws-credentials", major: "v4", runtime: "node20"),
        ]))
}

@Suite struct LintFixtureTests {
    static let ok = Fixtures.files("ok")
    static let err = Fixtures.files("err")

    @Test(arguments: ok) func okFixtureHasNoFinding(_ url: URL) {
        let r = Fixtures.linter.lint(Fixtures.read(url), path: "ok/" + url.lastPathComponent)
        #expect(r.parsed)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.kind != .unknown)
    }

    /// Each `err` fixture prints exactly its `.out` file, and names the rule it is for.
    @Test(arguments: err) func errFixturePrintsExactly(_ url: URL) throws {
        let name = "err/" + url.lastPathComponent
        let r = Fixtures.linter.lint(Fixtures.read(url), path: name)
        let printed = LintFormat.text.render(r.diagnostics)
        let golden = url.deletingPathExtension().appendingPathExtension("out")
        Golden.expect(printed, equals: golden)
        let stem = url.deletingPathExtension().lastPathComponent
        if let rule = Rules.all.map(\.id).filter({ stem.hasPrefix($0) }).max(by: { $0.count < $1.count }) {
            #expect(r.diagnostics.contains { $0.rule == rule }, "\(name) does not trigger \(rule)")
        } else {
            #expect(!r.parsed, "\(name) names no rule, so it must be unparsable input")
        }
    }

    @Test func everyRuleHasAnOkAndAnErrFixture() {
        let okNames = Set(Self.ok.map { $0.deletingPathExtension().lastPathComponent })
        let errNames = Set(Self.err.map { $0.deletingPathExtension().lastPathComponent })
        for rule in Rules.all {
            #expect(okNames.contains(rule.id), "no ok fixture for \(rule.id)")
            #expect(errNames.contains(rule.id), "no err fixture for \(rule.id)")
        }
    }

    @Test func ruleIDsAreUniqueAndKebab() {
        let ids = Rules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
    }
}

@Suite struct LintFormatTests {
    let diagnostics = [
        Diagnostic(.error, at: SourceLocation(path: "a,b.yml", line: 3, column: 5), "bad: thing\nsecond line", rule: "long-lived-aws-keys"),
        Diagnostic(.warning, at: SourceLocation(path: "p.json", line: 1, column: 1), "100% wrong", rule: "policy-version"),
    ]

    @Test func githubAnnotationsEscapeProperties() {
        let out = LintFormat.github.render(diagnostics)
        #expect(out == "::error file=a%2Cb.yml,line=3,col=5,title=long-lived-aws-keys::bad: thing%0Asecond line\n::warning file=p.json,line=1,col=1,title=policy-version::100%25 wrong\n")
    }

    @Test func jsonIsParsable() throws {
        let any = try JSONSerialization.jsonObject(with: Data(LintFormat.json.render(diagnostics).utf8)) as? [[String: Any]]
        #expect(any?.count == 2)
        #expect(any?.first?["rule"] as? String == "long-lived-aws-keys")
        #expect(any?.first?["line"] as? Int == 3)
    }

    @Test func sarifHasRulesAndResults() throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(LintFormat.sarif.render(diagnostics).utf8)) as? [String: Any])
        #expect(doc["version"] as? String == "2.1.0")
        let run = try #require((doc["runs"] as? [[String: Any]])?.first)
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.count == Rules.all.count)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["long-lived-aws-keys", "policy-version"])
    }
}

/// The real python-sdk workflows (read from ../shared/corpus when present).
@Suite struct CorpusLintTests {
    static let corpus = TestPaths.pythonSDKCorpus.appendingPathComponent(".github/workflows")

    @Test(.enabled(if: Tools.sharedAvailable(corpus), "../shared/corpus (the python-sdk workflows) is not beside the package"))
    func lambdaTestsLongLivedKeysAreFoundAtTheirLines() throws {
        let url = try Tools.requireShared(Self.corpus).appendingPathComponent("lambda-tests.yml")
        let text = Fixtures.read(url)
        let r = Fixtures.linter.lint(text, path: "lambda-tests.yml")
        let keys = r.diagnostics.filter { $0.rule == "long-lived-aws-keys" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Each finding points at the line that holds the key input or the declared secret.
        for d in keys {
            let line = String(lines[d.location.line - 1])
            #expect(line.contains("aws-access-key-id") || line.contains("aws-secret-access-key") || line.contains("AWS_ACCESS_KEY_ID") || line.contains("AWS_SECRET_ACCESS_KEY"), "\(d)")
        }
        // The two action inputs; the workflow_call secret declarations (18, 20) carry no value, so they are not key lines.
        #expect(keys.map(\.location.line) == [133, 134], "\(keys)")
    }

    @Test(.enabled(if: Tools.sharedAvailable(corpus), "../shared/corpus (the python-sdk workflows) is not beside the package"))
    func onlyWorkflowsThatHandleAWSKeysAreFlagged() throws {
        _ = try Tools.requireShared(Self.corpus)
        let files = Linter.files(under: [Self.corpus.path]).files
        var flagged: [String] = []
        for f in files where Fixtures.linter.lint(Fixtures.read(URL(fileURLWithPath: f)), path: f).diagnostics.contains(where: { $0.rule == "long-lived-aws-keys" }) {
            flagged.append(URL(fileURLWithPath: f).lastPathComponent)
        }
        // tox-full-suite.yml really sets AWS_ACCESS_KEY_ID from secrets for its integration tests.
        #expect(flagged == ["lambda-tests.yml", "tox-full-suite.yml"])
    }
}

/// Inputs the fuzzer found or was seeded with: each must go through every reader without a crash.
@Suite struct FuzzCorpusReplayTests {
    @Test func corpusReplays() throws {
        let dir = Fixtures.dir.appendingPathComponent("fuzz-corpus")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        #expect(files.count >= 20)
        for f in files {
            let text = Fixtures.read(f)
            _ = Fixtures.linter.lint(text, path: "fuzz.yml")
            _ = Fixtures.linter.lint(text, path: "fuzz.json")
            _ = try? ConfigDecoder.decode(text, path: "fuzz-config.yml")
            _ = try? PolicyCodec.decode(text)
        }
    }
}

@Suite struct CrossFileTests {
    static let callee = """
        name: deploy
        on:
          workflow_call:
        permissions: {}
        jobs:
          deploy:
            runs-on: ubuntu-latest
            permissions:
              contents: read
              id-token: write
            steps:
              - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c  # v6.2.3
                with:
                  role-to-assume: arn:aws:iam::111122223333:role/deploy
                  aws-region: us-east-1

        """

    func caller(_ permissions: String) -> String {
        "name: caller\non: push\npermissions: {}\njobs:\n  call:\n    permissions:\n\(permissions)    uses: ./.github/workflows/deploy.yml\n"
    }

    @Test func callerMustGrantIDToken() {
        let d = Fixtures.linter.crossFile([
            (".github/workflows/caller.yml", caller("      contents: read\n")), (".github/workflows/deploy.yml", Self.callee),
        ].compactMap { Fixtures.linter.lint($0.1, path: $0.0).decoded })
        #expect(d.map(\.description) == [
            ".github/workflows/caller.yml:8:5: error: job 'call' calls ./.github/workflows/deploy.yml, whose job 'deploy' assumes a role with OIDC, but does not grant id-token: write; a caller's permissions cap the called workflow's [missing-id-token]"
        ])
    }

    @Test func callerThatGrantsIDTokenIsFine() {
        let d = Fixtures.linter.crossFile([
            (".github/workflows/caller.yml", caller("      contents: read\n      id-token: write\n")), (".github/workflows/deploy.yml", Self.callee),
        ].compactMap { Fixtures.linter.lint($0.1, path: $0.0).decoded })
        #expect(d.isEmpty)
    }
}

/// `check` follows a local composite action of the repository the workflow is in: a key handed to its
/// input is reported at the caller's `with:` line, with the action named.
@Suite struct LocalActionLintTests {
    @Test func keysIntoALocalCompositeActionAreReportedAtTheCallersInput() throws {
        let root = try TestPaths.tempDir("local-action")
        let action = root.appendingPathComponent(".github/actions/upload")
        let workflows = root.appendingPathComponent(".github/workflows")
        try FileManager.default.createDirectory(at: action, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        try """
            name: upload
            inputs:
              id:
                required: true
              secret:
                required: true
            runs:
              using: composite
              steps:
                - shell: bash
                  env:
                    AWS_ACCESS_KEY_ID: ${{ inputs.id }}
                    AWS_SECRET_ACCESS_KEY: ${{ inputs.secret }}
                  run: aws s3 sync dist s3://bucket

            """.write(to: action.appendingPathComponent("action.yml"), atomically: true, encoding: .utf8)
        let text = """
            on: workflow_dispatch
            permissions: {}
            jobs:
              upload:
                runs-on: ubuntu-latest
                permissions:
                  contents: read
                timeout-minutes: 10
                steps:
                  - uses: ./.github/actions/upload
                    with:
                      id: ${{ secrets.UPLOAD_ID }}
                      secret: ${{ secrets.UPLOAD_SECRET }}

            """
        let path = workflows.appendingPathComponent("upload.yml").path
        let r = Fixtures.linter.lint(text, path: path)
        #expect(LintFormat.text.render(r.diagnostics) == """
            \(path):12:11: error: AWS_ACCESS_KEY_ID is set from secrets.UPLOAD_ID: a long-lived access key (inside ./.github/actions/upload) [long-lived-aws-keys]
            \(path):13:11: error: AWS_SECRET_ACCESS_KEY is set from secrets.UPLOAD_SECRET: a long-lived access key (inside ./.github/actions/upload) [long-lived-aws-keys]

            """)
        // Without the repository around it the action cannot be read, and the secret names alone say nothing.
        #expect(Fixtures.linter.lint(text, path: "upload.yml").diagnostics.isEmpty)
    }
}
