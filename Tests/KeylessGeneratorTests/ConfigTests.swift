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
        #expect(config.hiveKube.environments == ["production", "staging", "testing", "nationwide"])
        #expect(config.hiveKube.workflowsDir == "hive-kube-fixture")
        // The loader reads the folder next to the configuration; the count comes from it.
        let loaded = try ConfigLoader.load(url.path)
        #expect(loaded.hiveKube.workflowCount == 22 && loaded.hiveKube.workflowFiles.count == 22)
        #expect(loaded.hiveKube.workflowFiles.allSatisfy { $0.path.hasPrefix(".github/workflows/") })
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
