import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import KeylessModel
import Foundation
import KeylessSyntax
import Testing

/// `keyless inject`: only the bytes between the markers change, headings nest under the section that
/// holds the region, marker problems exit 2 and leave the file as it was, and the python-sdk's real
/// Sphinx pages build with no new warning.
@Suite(.serialized) struct InjectTests {
    func keyless() throws -> URL { try #require(Tools.keyless, "build the keyless executable first") }
    var config: String { TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml").path }

    func inject(_ args: [String]) throws -> RunResult {
        try run(try keyless(), ["inject", "--config", config] + args, timeout: 300)
    }

    func write(_ text: String, _ name: String) throws -> URL {
        let f = try TestPaths.tempDir("inject").appendingPathComponent(name)
        try Data(text.utf8).write(to: f)
        return f
    }

    @Test func listPrintsPageAndSectionIDs() throws {
        let r = try inject(["--list"])
        #expect(r.status == 0)
        let ids = r.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        for id in ["lambda-oidc", "lambda-oidc-provider", "lambda-oidc-role", "trust-policies", "troubleshooting"] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(Set(ids).count == ids.count, "region ids must be unique")
    }

    /// CRLF line endings, text around the region and a stale body: only the body changes, and a second
    /// run (and --check) finds nothing to do.
    @Test func onlyTheRegionChangesAndLineEndingsAreKept() throws {
        let before = "Title\r\n=====\r\n\r\nIntro text  \r\n\r\nSetup\r\n-----\r\n\r\n.. BEGIN KEYLESS GENERATED: lambda-oidc-provider\r\nstale\r\n"
        let after = ".. END KEYLESS GENERATED: lambda-oidc-provider\r\n\r\nLater\r\n-----\r\n\r\nno newline at the end"
        let f = try write(before + after, "page.rst")
        let drift = try inject(["--check", f.path])
        #expect(drift.status == 1 && drift.stderr.contains("-stale"), "\(drift.stderr)")
        let r = try inject([f.path])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try String(decoding: Data(contentsOf: f), as: UTF8.self)
        #expect(out.hasPrefix(before.dropLast("stale\r\n".count)))
        #expect(out.hasSuffix(after))
        let body = String(out.dropFirst(before.count - "stale\r\n".count).dropLast(after.count))
        #expect(!body.contains("stale"))
        #expect(!body.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a bare LF inside a CRLF file")
        // The region sits under a `-` section, so its heading is the next level: `~`, new in this file.
        #expect(body.contains("\r\nCreate the OIDC identity provider\r\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\r\n"), "\(body)")
        #expect(!body.contains(".. _lambda-oidc"), "labels would clash in the host project")
        #expect(try inject([f.path]).stdout.contains("0 updated"))
        #expect(try inject(["--check", f.path]).status == 0)
    }

    @Test func markdownHeadingsNestUnderTheEnclosingLevel() throws {
        let text = "# Doc\n\n```md\n<!-- BEGIN KEYLESS GENERATED: nonsense -->\n```\n\n### Deep\n\n<!-- BEGIN KEYLESS GENERATED: lambda-oidc -->\n<!-- END KEYLESS GENERATED: lambda-oidc -->\n"
        let f = try write(text, "README.md")
        let r = try inject([f.path])
        #expect(r.status == 0, "\(r.stderr)")
        let out = TestPaths.read(f)
        #expect(out.contains("\n#### OIDC for the Lambda tests\n"))
        #expect(out.contains("\n##### Why OIDC\n"))
        #expect(!out.contains("](trust-policies.md"), "links into the guide would break in another repository")
    }

    /// Each broken form: exit 2, a diagnostic with the line, the file byte for byte as it was.
    @Test(arguments: [
        ("no markers at all\n", 1, "no `"),
        (".. BEGIN KEYLESS GENERATED: lambda-oidc\n\ntext\n", 1, "has no END"),
        ("text\n\n.. END KEYLESS GENERATED: lambda-oidc\n", 3, "without a BEGIN"),
        (".. BEGIN KEYLESS GENERATED: lambda-oidc\n.. BEGIN KEYLESS GENERATED: lambda-oidc-role\n.. END KEYLESS GENERATED: lambda-oidc-role\n.. END KEYLESS GENERATED: lambda-oidc\n", 2, "nested"),
        (".. BEGIN KEYLESS GENERATED: lambda-oidc\n.. END KEYLESS GENERATED: lambda-oidc\n\n.. BEGIN KEYLESS GENERATED: lambda-oidc\n.. END KEYLESS GENERATED: lambda-oidc\n", 4, "duplicate"),
        (".. BEGIN KEYLESS GENERATED: no-such-region\n.. END KEYLESS GENERATED: no-such-region\n", 1, "unknown region"),
        (".. BEGIN KEYLESS GENERATED: lambda-oidc\n.. END KEYLESS GENERATED: lambda-oidc-role\n", 2, "closes region"),
        (".. BEGIN KEYLESS GENERATED lambda-oidc\n", 1, "malformed"),
    ])
    func brokenMarkersExitTwoAndTouchNothing(_ text: String, _ line: Int, _ message: String) throws {
        let f = try write(text, "page.rst")
        let good = try write(".. BEGIN KEYLESS GENERATED: lambda-oidc\n.. END KEYLESS GENERATED: lambda-oidc\n", "good.rst")
        let r = try inject([good.path, f.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(f.path):\(line):1: error: ") && r.stderr.contains(message) && r.stderr.contains("[inject-marker]"), "\(r.stderr)")
        #expect(TestPaths.read(f) == text)
        #expect(TestPaths.read(good).count < 200, "a good file was written although another one failed")
    }

    // MARK: The real pages

    static let corpus = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/python-sdk-2025-11-14/docs/development/testing")

    /// Sphinx warnings without paths and line numbers (lines after the region move).
    func warnings(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map { line in
            var s = String(line)
            if let r = s.range(of: #"^.*?\.rst:\d+: "#, options: .regularExpression) { s.removeSubrange(r) }
            return s
        }.sorted()
    }

    func build(_ sphinx: URL, _ name: String, _ text: Data) throws -> (warnings: [String], html: String) {
        let src = try TestPaths.tempDir("sphinx-inject")
        defer { try? FileManager.default.removeItem(at: src) }
        try text.write(to: src.appendingPathComponent("\(name).rst"))
        try """
            project = "python-sdk (Keyless inject test)"
            extensions = ["sphinxcontrib.mermaid", "sphinx_tabs.tabs", "sphinx_rtd_theme"]
            html_theme = "sphinx_rtd_theme"
            root_doc = "\(name)"

            """.write(to: src.appendingPathComponent("conf.py"), atomically: true, encoding: .utf8)
        let r = try run(sphinx, ["-E", "-a", "-n", "--keep-going", "-q", "-b", "html", src.path, src.appendingPathComponent("_build").path], timeout: 600)
        #expect(r.status == 0, "\(r.stderr)")
        return (warnings(r.stderr), TestPaths.read(src.appendingPathComponent("_build/\(name).html")))
    }

    /// The region goes before `heading`, inside the section above it.
    @Test(.enabled(if: Tools.sharedAvailable(Self.corpus), "../shared/corpus (the python-sdk pages) is not beside the package"),
          .enabled(if: Tools.available("sphinx-build"), "sphinx-build is not installed (make bootstrap)"),
          arguments: [("lambda-testing", "Production Lambda Testing"), ("ci-cd-integration", "Documentation Workflows")])
    func realPageBuildsWithNoNewWarning(_ name: String, _ heading: String) throws {
        let source = try Tools.requireShared(Self.corpus).appendingPathComponent("\(name).rst")
        let sphinx = try Tools.require("sphinx-build")
        let original = try Data(contentsOf: source)
        let text = String(decoding: original, as: UTF8.self)
        let anchor = try #require(text.range(of: "\n\(heading)\n"), "no heading \(heading)")
        let at = text.utf8.distance(from: text.startIndex, to: anchor.lowerBound) + 1
        let markers = ".. BEGIN KEYLESS GENERATED: lambda-oidc\n.. END KEYLESS GENERATED: lambda-oidc\n\n"
        let marked = Data(original.prefix(at)) + Data(markers.utf8) + Data(original.dropFirst(at))
        let f = try TestPaths.tempDir("inject-real").appendingPathComponent("\(name).rst")
        try marked.write(to: f)
        let r = try inject([f.path])
        #expect(r.status == 0, "\(r.stderr)")
        let injected = try Data(contentsOf: f)

        // Every byte outside the region is the original's.
        let beginLine = ".. BEGIN KEYLESS GENERATED: lambda-oidc\n"
        #expect(injected.prefix(at + beginLine.utf8.count) == marked.prefix(at + beginLine.utf8.count))
        let tail = Data(".. END KEYLESS GENERATED: lambda-oidc\n\n".utf8) + original.dropFirst(at)
        #expect(injected.suffix(tail.count) == tail)
        #expect(injected.count > marked.count + 5_000, "the region is empty")

        let base = try build(sphinx, name, original)
        let after = try build(sphinx, name, injected)
        var allowed = base.warnings
        for w in after.warnings {
            guard let i = allowed.firstIndex(of: w) else {
                Issue.record("new Sphinx warning after inject: \(w)")
                continue
            }
            allowed.remove(at: i)
        }
        // The region is a subsection of the section above it, its flow diagram a mermaid block, its IAM setup in tabs.
        #expect(after.html.contains("<h3>OIDC for the Lambda tests"), "the region's heading is not one level below its section")
        #expect(after.html.contains("class=\"mermaid"), "no mermaid diagram in the built page")
        #expect(after.html.contains("sphinx-tabs"), "no tabs in the built page")
    }
}
