import KeylessGenerator
import KeylessTestSupport
import Foundation
import KeylessSyntax
import KeylessModel
import Testing

@Suite struct ConfigTests {
    static let okFixtures = TestPaths.files(in: TestPaths.fixtures().appendingPathComponent("config/ok"), ext: "yml")
    static let errFixtures = TestPaths.files(in: TestPaths.fixtures().appendingPathComponent("config/err"), ext: "yml")

    @Test func thereAreFixtures() {
        #expect(Self.okFixtures.count >= 2)
        #expect(Self.errFixtures.count >= 20)
    }

    @Test(arguments: okFixtures) func okFixtureDecodes(_ url: URL) throws {
        let config = try ConfigDecoder.decode(TestPaths.read(url), path: url.lastPathComponent)
        #expect(config.organization == "example-org")
        #expect(config.roles.count == 1)
    }

    /// Each bad configuration gives exactly the diagnostics in its `.out` file, one line per problem.
    @Test(arguments: errFixtures) func errFixtureReportsExactly(_ url: URL) throws {
        let name = "err/" + url.lastPathComponent
        var printed = ""
        do {
            _ = try ConfigDecoder.decode(TestPaths.read(url), path: name)
            Issue.record("\(name) decoded without a diagnostic")
        } catch {
            printed = error.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        }
        let golden = url.deletingPathExtension().appendingPathExtension("out")
        Golden.expect(printed, equals: golden)
    }

    @Test func theShippedConfigurationIsValid() throws {
        let url = TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml")
        let config = try ConfigDecoder.decode(TestPaths.read(url), path: "docs-src/keyless.yml")
        #expect(config.account == .placeholder("ACCOUNT_ID"))
        let hive = try #require(config.repository("hive-kube"))
        #expect(hive.environments == ["production", "staging", "testing", "nationwide"])
        #expect(hive.workflowsDir == "hive-kube-fixture")
        #expect(config.lambdaPage == LambdaPageConfig(repository: "python-sdk", role: "lambda-ci", branchRoles: ["lambda-prod", "lambda-test"]))
        #expect(config.migrationRepositories.map(\.id) == ["hive-kube"])
        // Every environment hive-kube deploys to has its role.
        for env in hive.environments { #expect(config.role(of: "hive-kube", environment: env) != nil, "\(env)") }
        // The loader reads the folder next to the configuration; the count comes from it.
        let loaded = try ConfigLoader.load(url.path)
        let files = try #require(loaded.repository("hive-kube")).workflowFiles
        #expect(files.count == 22 && loaded.repository("hive-kube")?.workflowCount == 22)
        #expect(files.allSatisfy { $0.path.hasPrefix(".github/workflows/") })
    }

    /// Paths Keyless only reads may lead out of the folder (a checkout beside the project); never absolute.
    @Test func readPathsAreRelative() {
        for bad in ["/etc", "~/x", ""] { #expect(Validate.readPathProblem(bad) != nil, "\(bad)") }
        for good in ["../checkouts/api", "hive-kube-fixture"] { #expect(Validate.readPathProblem(good) == nil, "\(good)") }
    }

    @Test func workflowsDirMustStayInside() {
        for bad in ["/etc", "../elsewhere", "a/../../b", ""] {
            #expect(Validate.relativePathProblem(bad) != nil, "\(bad)")
        }
        #expect(Validate.relativePathProblem("hive-kube-fixture") == nil)
    }

    @Test func sessionNameRules() {
        #expect(Validate.sessionNameProblem("github-actions-lambda-${{ github.run_id }}") == nil)
        #expect(Validate.sessionNameProblem("a") != nil)
        #expect(Validate.sessionNameProblem(String(repeating: "x", count: 65)) != nil)
        #expect(Validate.sessionNameProblem(String(repeating: "x", count: 64)) == nil)
        #expect(Validate.sessionNameProblem("has space") != nil)
        #expect(Validate.sessionNameProblem("user@example.com,ok=1+2") == nil)
    }
}
