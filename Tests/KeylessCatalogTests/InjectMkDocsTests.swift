import KeylessDocs
import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// `keyless inject` into a MkDocs page: the flavour comes from `--flavor` or from an `mkdocs.yml` /
/// `properdocs.yml` above the file, and the filled page builds with the real `mkdocs build --strict`.
@Suite(.serialized) struct InjectMkDocsTests {
    var config: String { TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml").path }

    func inject(_ args: [String]) throws -> RunResult {
        try run(try Tools.requireKeyless(), ["inject", "--config", config] + args, timeout: 300)
    }

    static let page = "# Host project\n\n## Testing\n\n<!-- BEGIN KEYLESS GENERATED: lambda-oidc -->\n<!-- END KEYLESS GENERATED: lambda-oidc -->\n\n## Later\n"

    /// A MkDocs project (`configName` at its root, the page under `docs/guide/`) with the guide's own configuration.
    func project(_ configName: String) throws -> (root: URL, page: URL) {
        let root = try TestPaths.tempDir("inject-mkdocs")
        let docs = root.appendingPathComponent("docs/guide")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let sample = DocumentSet(title: "Host project", pages: [Page(id: "index", title: "Host", summary: "")])
        try MkDocsRenderer().config(sample).replacingOccurrences(of: "  - Host: index.md", with: "  - Host: guide/index.md")
            .write(to: root.appendingPathComponent(configName), atomically: true, encoding: .utf8)
        let page = docs.appendingPathComponent("index.md")
        try Self.page.write(to: page, atomically: true, encoding: .utf8)
        return (root, page)
    }

    @Test(arguments: ["mkdocs.yml", "properdocs.yml"]) func anMkDocsConfigurationAboveTheFileSelectsTheFlavour(_ name: String) throws {
        let (_, page) = try project(name)
        let r = try inject([page.path])
        #expect(r.status == 0, "\(r.stderr)")
        let out = TestPaths.read(page)
        #expect(out.hasPrefix("# Host project\n\n## Testing\n\n<!-- BEGIN KEYLESS GENERATED: lambda-oidc -->\n"))
        #expect(out.hasSuffix("<!-- END KEYLESS GENERATED: lambda-oidc -->\n\n## Later\n"))
        #expect(out.contains("\n### OIDC for the Lambda tests\n"), "the region nests under ## Testing")
        #expect(out.contains("\n=== \"Terraform\"\n"), "tabs in MkDocs' flavour")
        #expect(out.contains("\n``` mermaid\n"))
        #expect(!out.contains("**Option: "), "GitHub's stand-in for tabs")
        #expect(!out.contains("{ #"), "no heading ids that could clash in the host project")
        #expect(try inject(["--check", page.path]).status == 0)
        // `--flavor gfm` overrides the detection: the same region in GitHub's flavour is drift.
        let gfm = try inject(["--check", "--flavor", "gfm", page.path])
        #expect(gfm.status == 1 && gfm.stderr.contains("+**Option: Terraform**"), "\(gfm.stderr)")
    }

    @Test func withoutAConfigurationMarkdownIsGitHubsUnlessAsked() throws {
        let dir = try TestPaths.tempDir("inject-gfm")
        let page = dir.appendingPathComponent("README.md")
        try Self.page.write(to: page, atomically: true, encoding: .utf8)
        #expect(try inject([page.path]).status == 0)
        #expect(TestPaths.read(page).contains("**Option: Terraform**"))
        #expect(try inject(["--flavor", "mkdocs", page.path]).status == 0)
        #expect(TestPaths.read(page).contains("\n=== \"Terraform\"\n"))
    }

    @Test(.enabled(if: Tools.available("mkdocs"), "mkdocs not installed (make bootstrap)"), .timeLimit(.minutes(5)))
    func theFilledPageBuildsWithMkDocsStrict() throws {
        let mkdocs = try Tools.require("mkdocs")
        let (root, page) = try project("mkdocs.yml")
        #expect(try inject([page.path]).status == 0)
        let site = root.appendingPathComponent("site")
        let r = try run(mkdocs, ["build", "--strict", "-f", root.appendingPathComponent("mkdocs.yml").path, "-d", site.path],
                        env: ["NO_MKDOCS_2_WARNING": "1"], timeout: 240)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let html = TestPaths.read(site.appendingPathComponent("guide/index.html"))
        #expect(html.contains("<div class=\"tabbed-set tabbed-alternate\""))
        #expect(html.contains("<pre class=\"mermaid\"><code>"))
        #expect(html.contains("<div class=\"admonition "))
        #expect(!html.contains("=== &quot;") && !html.contains("!!! "))
    }
}
