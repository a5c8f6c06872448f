import Foundation
import KeylessTestSupport
import Testing

/// `Fixtures/{claims,doctor}/ok/*.yml` exit 0, `…/err/*.yml` exit with the code their `# exit:` line gives;
/// each prints exactly its `.out` (stdout, then stderr). A `# args:` line adds arguments; every run has
/// `--repo honeyhiveai/python-sdk`, and doctor the stricter policy (main and environment production).
/// Runs in the fixture's folder, so a caller finds its local reusable workflow and a callee its callers there.
@Suite(.serialized) struct CommandFixtureTests {
    static let cases: [String] = ["claims/ok", "claims/err", "doctor/ok", "doctor/err"].flatMap { dir in
        TestPaths.files(in: Fixtures.dir.appendingPathComponent(dir), ext: "yml").map { "\(dir)/\($0.lastPathComponent)" }
    }

    /// The value of a `# NAME: value` header line.
    static func header(_ name: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("# \(name): ") }.map { String($0.dropFirst(name.count + 4)) }
    }

    @Test func everyFolderHasFixtures() {
        for dir in ["claims/ok", "claims/err", "doctor/ok", "doctor/err"] {
            #expect(Self.cases.contains { $0.hasPrefix(dir + "/") }, "no fixture in \(dir)")
        }
    }

    @Test(arguments: cases) func fixturePrintsItsOutput(_ fixture: String) throws {
        let keyless = try #require(Tools.keyless, "build the keyless executable first")
        let url = Fixtures.dir.appendingPathComponent(fixture)
        let text = TestPaths.read(url)
        let command = String(fixture.prefix { $0 != "/" })
        var args = [command, url.lastPathComponent, "--repo", "honeyhiveai/python-sdk"]
        if command == "doctor" { args += ["--policy", "../../policies/stricter.json"] }
        args += (Self.header("args", in: text) ?? "").split(separator: " ").map(String.init)
        let expectedExit: Int32
        if fixture.contains("/err/") {
            expectedExit = try #require(Self.header("exit", in: text).flatMap { Int32($0) }, "\(fixture) needs an `# exit:` line")
            #expect(expectedExit != 0, "an err fixture must fail")
        } else {
            expectedExit = 0
        }
        let r = try run(keyless, args, cwd: url.deletingLastPathComponent())
        #expect(r.status == expectedExit, "\(fixture): \(r.stderr)")
        Golden.expect(r.stdout + r.stderr, equals: url.deletingPathExtension().appendingPathExtension("out"))
    }
}
