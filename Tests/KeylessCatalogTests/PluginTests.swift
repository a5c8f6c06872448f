import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// `swift package generate-docs --check` end to end, with its own scratch path so it does not
/// contend with the build lock of the running `swift test`.
@Suite struct PluginTests {
    @Test func pluginCheckPassesOnTheCommittedTree() throws {
        let swift = try #require(Tools.find("swift"), "swift is not on PATH")
        let scratch = TestPaths.packageRoot.appendingPathComponent(".build-plugin-test").path
        let r = try run(swift, ["package", "--scratch-path", scratch, "--allow-writing-to-package-directory", "generate-docs", "--check"],
                        cwd: TestPaths.packageRoot)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect((r.stdout + r.stderr).contains("generated files are up to date"))
    }
}
