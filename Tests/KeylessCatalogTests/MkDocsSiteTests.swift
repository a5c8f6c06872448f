import KeylessDocs
import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// The committed MkDocs Material guide (`docs/mkdocs/`) through the real `mkdocs build --strict`, and one
/// built page in Chromium. `make test` installs mkdocs, mkdocs-material and pymdown-extensions (pinned).
@Suite(.serialized) struct MkDocsSiteTests {
    static let root = TestPaths.packageRoot
    /// Kept after the run (git ignores `.build/`), so the screenshot can be looked at.
    static let screenshot = root.appendingPathComponent(".build/keyless-screenshots/mkdocs-lambda-oidc.png")

    @Test(.enabled(if: Tools.available("mkdocs", "chromium"), "mkdocs or chromium not installed (make bootstrap)"), .timeLimit(.minutes(5)))
    func siteBuildsStrictAndRendersAdmonitionsTabsAndDiagrams() throws {
        let mkdocs = try Tools.require("mkdocs")
        let site = try TestPaths.tempDir("mkdocs-site")
        defer { try? FileManager.default.removeItem(at: site) }
        let r = try run(mkdocs, ["build", "--strict", "-f", MkDocsRenderer.configPath, "-d", site.path], cwd: Self.root,
                        env: ["NO_MKDOCS_2_WARNING": "1"], timeout: 240)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(!r.stderr.contains("WARNING"), "\(r.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs/mkdocs/docs").path)
        for page in pages where page.hasSuffix(".md") {
            let id = String(page.dropLast(3))
            let built = site.appendingPathComponent(id == "index" ? "index.html" : "\(id)/index.html")
            #expect(TestPaths.exists(built), "\(page) was not built")
        }
        let html = TestPaths.read(site.appendingPathComponent("lambda-oidc/index.html"))
        // admonition (`!!! note`), pymdownx.tabbed alternate style (`=== "…"`), mermaid through superfences.
        #expect(html.contains("<div class=\"admonition "), "no admonition")
        #expect(html.contains("<div class=\"tabbed-set tabbed-alternate\""), "no tab set")
        #expect(html.contains("<label for=\"__tabbed_1_1\">"), "no tab label")
        #expect(html.contains("<pre class=\"mermaid\"><code>"), "no mermaid diagram")
        // Heading ids come from attr_list and are the section ids cross-references use.
        #expect(!html.contains("{ #"), "attr_list did not consume a heading id")
        #expect(!html.contains("!!! ") && !html.contains("=== &quot;"), "admonition or tab syntax left as text")

        let chromium = try Tools.require("chromium")
        try FileManager.default.createDirectory(at: Self.screenshot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: Self.screenshot)
        _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2400",
                               "--screenshot=\(Self.screenshot.path)", "file://" + site.appendingPathComponent("lambda-oidc/index.html").path],
                    timeout: 120)
        let png = try Data(contentsOf: Self.screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 40_000, "screenshot is \(png.count) bytes: blank?")
        print("mkdocs screenshot: \(Self.screenshot.path) (\(png.count) bytes)")
    }
}
