import Foundation
import KeylessTestSupport
import Testing

/// `keyless init`: a configuration drafted from checkouts, read back by `keyless generate`; its exit codes.
@Suite(.serialized) struct InitCommandTests {
    func keyless() throws -> URL { try Tools.requireKeyless() }

    /// A checkout named `name` with the given workflows, beside a `docs-src/` folder.
    func organization(_ repos: [String: [String: String]]) throws -> URL {
        let root = try TestPaths.tempDir("init")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs-src"), withIntermediateDirectories: true)
        for (name, files) in repos {
            let dir = root.appendingPathComponent("\(name)/.github/workflows")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for (file, text) in files { try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        }
        return root
    }

    static let deploy = """
        name: deploy
        on:
          push:
            branches: [main]
        permissions: {}
        jobs:
          deploy:
            runs-on: ubuntu-24.04
            environment: production
            permissions:
              contents: read
            steps:
              - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
                with:
                  aws-access-key-id: ${{ secrets.PROD_AWS_KEY_ID }}
                  aws-secret-access-key: ${{ secrets.PROD_AWS_KEY_SECRET }}
                  aws-region: eu-west-1
              - run: aws s3 ls

        """

    static let tests = """
        name: tests
        on:
          pull_request:
          push:
            branches: [main]
        permissions: {}
        jobs:
          integration:
            runs-on: ubuntu-24.04
            permissions:
              contents: read
              id-token: write
            steps:
              - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
                with:
                  role-to-assume: arn:aws:iam::111122223333:role/payments-tests
                  aws-region: eu-west-1
              - run: aws sts get-caller-identity

        """

    static let lint = """
        name: lint
        on: [push]
        permissions: {}
        jobs:
          lint:
            runs-on: ubuntu-24.04
            steps:
              - run: echo lint

        """

    @Test func draftsRolesFromTheWorkflowsAndGenerateReadsTheDraft() throws {
        let root = try organization(["payments": ["deploy.yml": Self.deploy, "tests.yml": Self.tests, "lint.yml": Self.lint]])
        let r = try run(try keyless(), ["init", "--organization", "acme-corp", "--account", "111122223333", "payments"], cwd: root)
        #expect(r.status == 0, "\(r.stderr)")
        let config = r.stdout
        // deploy.yml's job declares environment production: a role admitting exactly that environment.
        #expect(config.contains("  - id: payments-production\n    name: acme-corp-payments-production\n    repository: payments\n    subjects: [environment:production]"), "\(config)")
        // tests.yml runs on pull requests and pushes to main and declares no environment.
        #expect(config.contains("  - id: payments-ci\n    name: acme-corp-payments-ci\n    repository: payments\n    subjects: [pull_request, branch:main]"), "\(config)")
        #expect(config.contains("key secrets: PROD_AWS_KEY_ID, PROD_AWS_KEY_SECRET"), "\(config)")
        #expect(config.contains("workflows-dir: '../payments'") || config.contains("workflows-dir: ../payments"), "\(config)")
        #expect(config.contains("# decide: the default branch"))
        try Data(config.utf8).write(to: root.appendingPathComponent("docs-src/keyless.yml"))
        let gen = try run(try keyless(), ["generate", "--config", "docs-src/keyless.yml", "--output", "out", "--format", "md"], cwd: root)
        #expect(gen.status == 0, "\(gen.stdout)\(gen.stderr)")
        let page = TestPaths.read(root.appendingPathComponent("out/docs/md/payments-migration.md"))
        #expect(page.contains("| `.github/workflows/deploy.yml` | `deploy` | long-lived-keys | `acme-corp-payments-production` | `repo:acme-corp/payments:environment:production` |"), "\(page)")
        #expect(page.contains("`acme-corp-payments-ci`"), "\(page)")
    }

    @Test func usageAndInputErrorsExitTwo() throws {
        let root = try organization(["bad+name": ["deploy.yml": Self.deploy]])
        let none = try run(try keyless(), ["init"], cwd: root)
        #expect(none.status == 2 && none.stderr.contains("give at least one repository checkout"), "\(none.stderr)")
        let missing = try run(try keyless(), ["init", "no-such-checkout"], cwd: root)
        #expect(missing.status == 2 && missing.stderr.contains("no-such-checkout:1:1: error: not a folder (a repository checkout) [init-input]"), "\(missing.stderr)")
        let badName = try run(try keyless(), ["init", "bad+name"], cwd: root)
        #expect(badName.status == 2 && badName.stderr.contains("the folder name 'bad+name' is not a GitHub repository name [init-input]"), "\(badName.stderr)")
        let badAccount = try run(try keyless(), ["init", "--account", "42", "bad+name"], cwd: root)
        #expect(badAccount.status == 2 && badAccount.stderr.contains("--account must be 12 digits"), "\(badAccount.stderr)")
        #expect(none.stdout.isEmpty && missing.stdout.isEmpty && badName.stdout.isEmpty)
    }

    @Test func nothingReachesAWSExitsOne() throws {
        let root = try organization(["website": ["lint.yml": Self.lint]])
        let r = try run(try keyless(), ["init", "website"], cwd: root)
        #expect(r.status == 1 && r.stdout.isEmpty, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("no job of these repositories reaches AWS"), "\(r.stderr)")
    }
}
