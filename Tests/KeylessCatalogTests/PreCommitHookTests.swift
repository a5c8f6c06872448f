import KeylessTestSupport
import Foundation
import Testing

/// The `keyless-check` hook of `.pre-commit-hooks.yaml` through the real pre-commit: a commit with a
/// long-lived AWS key fails, the OIDC version passes.
///
/// pre-commit builds the hook repository with `swift build -c release` (many minutes on a shared
/// machine). `pre-commit try-repo` does so in a new temporary store on every call, so two calls cost two
/// release builds; this test runs what try-repo runs — `pre-commit run` with a configuration naming the
/// hook repository by path and revision — in a store that persists (`PRE_COMMIT_HOME` under `.build/`).
/// The hook repository is a snapshot of the package's sources at a fixed path, committed with a fixed
/// author and date, so while the sources are unchanged its revision is the same and the build is reused:
/// pre-commit builds once, for both runs and for later test runs.
@Suite(.serialized) struct PreCommitHookTests {
    static let root = TestPaths.packageRoot
    static let cache = root.appendingPathComponent(".build/pre-commit")

    /// What `swift build -c release` needs of the package, and the hooks file. The test targets get a
    /// placeholder each (SwiftPM wants their folders), so editing a test does not change the revision.
    static let snapshotItems = ["Package.swift", "Package.resolved", ".pre-commit-hooks.yaml", "Sources", "Plugins"]

    func git(_ args: [String], in dir: URL) throws -> RunResult {
        let fixed = "2026-01-01T00:00:00Z"
        let r = try run(try Tools.require("git"), args, cwd: dir, env: [
            "GIT_AUTHOR_NAME": "keyless", "GIT_AUTHOR_EMAIL": "keyless@example.com", "GIT_AUTHOR_DATE": fixed,
            "GIT_COMMITTER_NAME": "keyless", "GIT_COMMITTER_EMAIL": "keyless@example.com", "GIT_COMMITTER_DATE": fixed,
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
        ])
        #expect(r.status == 0, "git \(args.joined(separator: " ")): \(r.stderr)")
        return r
    }

    /// The hook repository: a fresh copy of the package's sources, one commit.
    func hookRepository() throws -> URL {
        let repo = Self.cache.appendingPathComponent("hook-repo")
        let fm = FileManager.default
        try? fm.removeItem(at: repo)
        try fm.createDirectory(at: repo, withIntermediateDirectories: true)
        for item in Self.snapshotItems where TestPaths.exists(Self.root.appendingPathComponent(item)) {
            try fm.copyItem(at: Self.root.appendingPathComponent(item), to: repo.appendingPathComponent(item))
        }
        for target in try fm.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Tests").path).sorted() {
            let dir = repo.appendingPathComponent("Tests/\(target)")
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data("// placeholder: pre-commit builds the keyless product only\n".utf8).write(to: dir.appendingPathComponent("Placeholder.swift"))
        }
        _ = try git(["init", "-q", "-b", "main"], in: repo)
        _ = try git(["add", "-A"], in: repo)
        _ = try git(["commit", "-q", "-m", "keyless hook snapshot"], in: repo)
        return repo
    }

    static let longLivedKeys = """
        name: deploy
        on:
          push:
            branches: [main]
        permissions: {}
        jobs:
          deploy:
            runs-on: ubuntu-24.04
            permissions:
              contents: read
            steps:
              - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
                with:
                  aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                  aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                  aws-region: us-east-1
              - run: aws sts get-caller-identity

        """

    @Test(.enabled(if: Tools.available("pre-commit", "git"), "pre-commit not installed (make bootstrap)"), .timeLimit(.minutes(40)))
    func hookFailsOnALongLivedKeyAndPassesOnceFixed() throws {
        let preCommit = try Tools.require("pre-commit")
        let hooks = try makeHooksRepo()
        let target = try TestPaths.tempDir("pre-commit-target")
        defer { try? FileManager.default.removeItem(at: target) }
        let workflow = target.appendingPathComponent(".github/workflows/deploy.yml")
        let policy = target.appendingPathComponent("iam/trust-policy.json")
        try FileManager.default.createDirectory(at: workflow.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: policy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.longLivedKeys.write(to: workflow, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Snippets/iam/trust/honeyhive-python-sdk-lambda-ci.json"), to: policy)
        try Data("{\"name\": \"not a policy\"}\n".utf8).write(to: target.appendingPathComponent("package.json"))
        _ = try git(["init", "-q", "-b", "main"], in: target)
        _ = try git(["add", "-A"], in: target)
        let files = [".github/workflows/deploy.yml", "iam/trust-policy.json", "package.json"]
        let env = ["PRE_COMMIT_HOME": Self.cache.appendingPathComponent("home").path, "PRE_COMMIT_COLOR": "never", "SKIP": ""]

        let rev = try git(["rev-parse", "HEAD"], in: hooks).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // The configuration try-repo would write for `pre-commit try-repo HOOKS keyless-check --ref REV`.
        let config = target.appendingPathComponent(".pre-commit-config.yaml")
        try "repos:\n  - repo: \(hooks.path)\n    rev: \(rev)\n    hooks:\n      - id: keyless-check\n".write(to: config, atomically: true, encoding: .utf8)
        let args = ["run", "--config", config.path, "keyless-check", "--files"] + files
        let start = Date()
        let failing = try run(preCommit, args, cwd: target, env: env, timeout: 2400)
        print("pre-commit run (first run, builds the hook when the cache is cold): \(Int(Date().timeIntervalSince(start))) s")
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains("keyless check") && failing.stdout.contains("Failed"), "\(failing.stdout)")
        #expect(failing.stdout.contains(".github/workflows/deploy.yml:14:11: error: ") && failing.stdout.contains("[long-lived-aws-keys]"), "\(failing.stdout)")
        #expect(!failing.stdout.contains("package.json"), "package.json is not a policy and must not be passed to the hook")

        try FileManager.default.removeItem(at: workflow)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Snippets/workflows/after/lambda-tests.yml"), to: workflow)
        _ = try git(["add", "-A"], in: target)
        let passing = try run(preCommit, args, cwd: target, env: env, timeout: 2400)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("Passed"), "\(passing.stdout)")
    }

    /// The same two commits through `pre-commit try-repo` itself. try-repo keeps its store in a temporary
    /// folder (pre-commit 4.7.0, `pre_commit/commands/try_repo.py`: `store = Store(tempdir)` inside
    /// `tempfile.TemporaryDirectory()`), so each call builds the hook with `swift build -c release` from
    /// nothing: two release builds (139 s and 143 s on this 2-core machine, idle, 2026-12-02).
    @Test(.enabled(if: Tools.available("pre-commit", "git"), "pre-commit not installed (make bootstrap)"),
          .timeLimit(.minutes(90)))
    func tryRepoFailsOnALongLivedKeyAndPassesOnceFixed() throws {
        let preCommit = try Tools.require("pre-commit")
        let hooks = try makeHooksRepo()
        let target = try TestPaths.tempDir("try-repo-target")
        defer { try? FileManager.default.removeItem(at: target) }
        let workflow = target.appendingPathComponent(".github/workflows/deploy.yml")
        try FileManager.default.createDirectory(at: workflow.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.longLivedKeys.write(to: workflow, atomically: true, encoding: .utf8)
        _ = try git(["init", "-q", "-b", "main"], in: target)
        _ = try git(["add", "-A"], in: target)
        let env = ["PRE_COMMIT_COLOR": "never", "SKIP": ""]
        let args = ["try-repo", hooks.path, "keyless-check", "--files", ".github/workflows/deploy.yml"]
        var start = Date()
        let failing = try run(preCommit, args, cwd: target, env: env, timeout: 3600)
        print("pre-commit try-repo (release build of the hook): \(Int(Date().timeIntervalSince(start))) s")
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains(".github/workflows/deploy.yml:14:11: error: ") && failing.stdout.contains("[long-lived-aws-keys]"), "\(failing.stdout)")

        try FileManager.default.removeItem(at: workflow)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Snippets/workflows/after/lambda-tests.yml"), to: workflow)
        _ = try git(["add", "-A"], in: target)
        start = Date()
        let passing = try run(preCommit, args, cwd: target, env: env, timeout: 3600)
        print("pre-commit try-repo (second release build): \(Int(Date().timeIntervalSince(start))) s")
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("Passed"), "\(passing.stdout)")
    }

    func makeHooksRepo() throws -> URL { try hookRepository() }
}
