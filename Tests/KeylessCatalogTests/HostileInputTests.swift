import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// Hostile input through the real executable: every case gives a diagnostic in the one format and the
/// documented exit code, within a time bound, with no crash and nothing written.
@Suite(.serialized) struct HostileInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        /// Writes the input into the folder and returns the path to pass.
        var make: @Sendable (URL) throws -> String
        var description: String { name }
    }

    static let shipped = TestPaths.read(TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml"))

    static func file(_ name: String, _ contents: @escaping @Sendable () -> Data) -> @Sendable (URL) throws -> String {
        { dir in
            let url = dir.appendingPathComponent(name)
            try contents().write(to: url)
            return url.path
        }
    }

    static func text(_ name: String, _ contents: @escaping @Sendable () -> String) -> @Sendable (URL) throws -> String {
        file(name) { Data(contents().utf8) }
    }

    /// Inputs that are hostile whatever the command: syntax, size, nesting, encoding, file types.
    static func common(_ ext: String, base: @escaping @Sendable () -> String) -> [Case] {
        let bombKey = ext == "yml" ? "jobs" : "Statement"
        return [
            Case(name: "syntax error", make: text("a.\(ext)") { base() + "\n  bad: [unclosed\n" }),
            Case(name: "tab indentation", make: text("a.\(ext)") { "jobs:\n\tx: 1\n" }),
            Case(name: "billion laughs", make: text("a.\(ext)") {
                var s = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                for i in 1..<10 { let c = Character(UnicodeScalar(97 + i)!); let p = Character(UnicodeScalar(96 + i)!); s += "\(c): &\(c) [" + Array(repeating: "*\(p)", count: 9).joined(separator: ",") + "]\n" }
                return s + "\(bombKey): *j\n"
            }),
            Case(name: "50 MB file", make: file("big.\(ext)") { Data(repeating: UInt8(ascii: "#"), count: 50 * 1024 * 1024) }),
            Case(name: "10,000 levels of flow nesting", make: text("a.\(ext)") { "jobs: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n" }),
            Case(name: "10,000 levels of block nesting", make: text("a.\(ext)") { (0..<10_000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + "\n" }),
            Case(name: "binary data", make: file("a.\(ext)") { var g = SystemRandomNumberGenerator(); return Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &g) }) }),
            Case(name: "invalid UTF-8", make: file("a.\(ext)") { Data([0x6A, 0x6F, 0x62, 0x73, 0x3A, 0x20, 0xC3, 0x28, 0xFF, 0x0A]) }),
            Case(name: "NUL byte", make: file("a.\(ext)") { Data("jobs:\n  a: 1\u{0}\n".utf8) }),
            Case(name: "empty file", make: text("a.\(ext)") { "" }),
            Case(name: "only a comment", make: text("a.\(ext)") { "# nothing here\n" }),
            Case(name: "a directory", make: { dir in let d = dir.appendingPathComponent("d.\(ext)"); try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true); return d.path }),
            Case(name: "a FIFO (would block a naive reader)", make: { dir in let p = dir.appendingPathComponent("f.\(ext)").path; mkfifo(p, 0o644); return p }),
            Case(name: "a symlink loop", make: { dir in let p = dir.appendingPathComponent("l.\(ext)").path; symlink(p, p); return p }),
            Case(name: "a dangling symlink", make: { dir in let p = dir.appendingPathComponent("g.\(ext)").path; symlink("/nonexistent/x", p); return p }),
            Case(name: "a missing file", make: { dir in dir.appendingPathComponent("missing.\(ext)").path }),
            Case(name: "a scalar document", make: text("a.\(ext)") { "just a string\n" }),
            Case(name: "a list document", make: text("a.\(ext)") { "- 1\n- 2\n" }),
            Case(name: "duplicate keys", make: text("a.\(ext)") { "jobs: {}\njobs: {}\n" }),
            Case(name: "unknown YAML tag", make: text("a.\(ext)") { "jobs: !!python/object:os.system {}\n" }),
        ]
    }

    static let configCases: [Case] = common("yml") { shipped } + [
        Case(name: "wrong type: region as a list", make: text("c.yml") { shipped.replacingOccurrences(of: "region: us-east-1", with: "region: [us-east-1]") }),
        Case(name: "wrong type: workflows as text", make: text("c.yml") { shipped.replacingOccurrences(of: "workflows: 22", with: "workflows: many") }),
        Case(name: "unknown key", make: text("c.yml") { shipped + "surprise: 1\n" }),
        Case(name: "unquoted account number", make: text("c.yml") { shipped.replacingOccurrences(of: "account: ACCOUNT_ID", with: "account: 123456789012") }),
        Case(name: "undeclared placeholder", make: text("c.yml") { shipped.replacingOccurrences(of: "placeholders: [ACCOUNT_ID]", with: "placeholders: []") }),
        Case(name: "role name of 200 characters", make: text("c.yml") { shipped.replacingOccurrences(of: "name: honeyhive-python-sdk-lambda-ci", with: "name: " + String(repeating: "r", count: 200)) }),
        Case(name: "session name with a slash", make: text("c.yml") { shipped.replacingOccurrences(of: "session-name: github-actions-lambda-test", with: "session-name: a/b") }),
        Case(name: "duplicate role ids", make: text("c.yml") { shipped.replacingOccurrences(of: "id: lambda-test", with: "id: lambda-prod") }),
        Case(name: "alias bomb inside a known key", make: text("c.yml") {
            var s = "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
            for i in 1..<8 { s += "x\(i): &x\(i) [" + Array(repeating: "*x\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
            return shipped.replacingOccurrences(of: "environments:\n", with: "environments: *x7\nunused:\n") + s
        }),
        Case(name: "a 1 MB string value", make: text("c.yml") { shipped.replacingOccurrences(of: "organization: honeyhiveai", with: "organization: " + String(repeating: "o", count: 1_100_000)) }),
    ]

    /// For `check` a directory is a folder to walk (an empty one is fine), so that case is config-only.
    static let checkCases: [Case] = (common("yml") { "name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: []\n" } + common("json") { "{\"Version\": \"2012-10-17\", \"Statement\": []}" }).filter { $0.name != "a directory" } + [
        Case(name: "policy with a number for Effect", make: text("p.json") { "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": 1, \"Action\": \"x\"}]}" }),
        Case(name: "policy Statement as a string", make: text("p.json") { "{\"Version\": \"2012-10-17\", \"Statement\": \"x\"}" }),
        Case(name: "JSON nested 10,000 levels", make: text("p.json") { "{\"Statement\": " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}" }),
        Case(name: "workflow steps as a string", make: text("w.yml") { "on: push\njobs:\n  a:\n    steps: nope\n" }),
        Case(name: "folder with a symlink loop", make: { dir in
            let d = dir.appendingPathComponent("repo/.github/workflows")
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
            symlink(d.path + "/loop.yml", d.path + "/loop.yml")
            symlink(dir.appendingPathComponent("repo").path, d.path + "/up")
            return dir.appendingPathComponent("repo").path
        }),
    ]

    func expectClean(_ r: RunResult, _ c: Case, out: URL?) throws {
        #expect(r.status == 2, "\(c): exit \(r.status)\n\(r.stdout)\(r.stderr)")
        let lines = (r.stderr + r.stdout).split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(!lines.isEmpty, "\(c): no diagnostic\n\(r.stderr)")
        for l in lines {
            #expect(l.range(of: #"^.+:\d+:\d+: error: .+ \[[a-z0-9-]+\]$"#, options: .regularExpression) != nil, "\(c): \(l.prefix(200))")
        }
        if let out { #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty, "\(c): wrote files") }
    }

    @Test(arguments: configCases) func hostileConfiguration(_ c: Case) throws {
        let k = try #require(Tools.keyless)
        let dir = try TestPaths.tempDir("hostile-config")
        let out = try TestPaths.tempDir("hostile-out")
        let path = try c.make(dir)
        let r = try run(k, ["generate", "--config", path, "--output", out.path], timeout: 60)
        try expectClean(r, c, out: out)
    }

    @Test(arguments: checkCases) func hostileCheckInput(_ c: Case) throws {
        let k = try #require(Tools.keyless)
        let dir = try TestPaths.tempDir("hostile-check")
        let path = try c.make(dir)
        let r = try run(k, ["check", path], timeout: 60)
        try expectClean(r, c, out: nil)
    }

    @Test func counts() {
        #expect(Self.configCases.count >= 30)
        #expect(Self.checkCases.count >= 30)
    }

    /// An output folder whose `docs` is a symbolic link out of it: refused, nothing written outside.
    @Test func outputThroughASymlinkIsRefused() throws {
        let k = try #require(Tools.keyless)
        let out = try TestPaths.tempDir("hostile-root")
        let outside = try TestPaths.tempDir("hostile-outside")
        symlink(outside.path, out.appendingPathComponent("docs").path)
        let r = try run(k, ["generate", "--config", TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml").path, "--output", out.path], timeout: 60)
        #expect(r.status == 2)
        #expect(r.stderr.contains("[write-outside-output]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }
}

/// Hostile inject targets: broken markers and hostile files give exit 2, a diagnostic, and an untouched file.
@Suite(.serialized) struct HostileInjectTests {
    static let page = "Title\n=====\n\nIntro.\n\n"
    static func rst(_ body: String) -> HostileInputTests.Case {
        HostileInputTests.Case(name: "rst: " + body.prefix(40).replacingOccurrences(of: "\n", with: "⏎"), make: HostileInputTests.text("t.rst") { page + body })
    }
    static func md(_ body: String) -> HostileInputTests.Case {
        HostileInputTests.Case(name: "md: " + body.prefix(40).replacingOccurrences(of: "\n", with: "⏎"), make: HostileInputTests.text("t.md") { "# Title\n\n" + body })
    }
    static let b = ".. BEGIN KEYLESS GENERATED: lambda-oidc\n", e = ".. END KEYLESS GENERATED: lambda-oidc\n"
    static let mb = "<!-- BEGIN KEYLESS GENERATED: lambda-oidc -->\n", me = "<!-- END KEYLESS GENERATED: lambda-oidc -->\n"

    static let cases: [HostileInputTests.Case] = HostileInputTests.common("rst") { page }.filter { !["a directory"].contains($0.name) } + [
        rst("no markers at all\n"),
        rst(b),
        rst(e),
        rst(e + b),
        rst(b + b + e),
        rst(b + e + b + e),
        rst(b + ".. BEGIN KEYLESS GENERATED: trust-policies\n" + ".. END KEYLESS GENERATED: trust-policies\n" + e),
        rst(".. BEGIN KEYLESS GENERATED: no-such-region\n.. END KEYLESS GENERATED: no-such-region\n"),
        rst(".. BEGIN KEYLESS GENERATED:\n.. END KEYLESS GENERATED:\n"),
        rst(b + ".. END KEYLESS GENERATED: trust-policies\n"),
        md(mb),
        md(me + mb),
        md(mb + mb + me),
        md("<!-- BEGIN KEYLESS GENERATED: nope -->\n<!-- END KEYLESS GENERATED: nope -->\n"),
        HostileInputTests.Case(name: "not rst or md (.html)", make: HostileInputTests.text("t.html") { b + e }),
    ]

    @Test(arguments: cases) func hostileInjectTarget(_ c: HostileInputTests.Case) throws {
        let k = try #require(Tools.keyless)
        let dir = try TestPaths.tempDir("hostile-inject")
        let path = try c.make(dir)
        let before = FileManager.default.contents(atPath: path)
        let cfg = TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml").path
        let r = try run(k, ["inject", "--config", cfg, path], timeout: 60)
        try HostileInputTests().expectClean(r, c, out: nil)
        #expect(FileManager.default.contents(atPath: path) == before, "\(c): the target changed")
    }

    @Test func count() { #expect(Self.cases.count >= 30) }
}
