import KeylessDocs
import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// The committed MkDocs Material guide (`docs/mkdocs/`) through the real `mkdocs build --strict`, and one
/// built page in Chromium with its diagram drawn by a pinned mermaid. `make test` installs mkdocs,
/// mkdocs-material and pymdown-extensions (pinned) and extracts mermaid.min.js (`scripts/bootstrap.sh`).
@Suite(.serialized) struct MkDocsSiteTests {
    static let root = TestPaths.packageRoot
    /// Kept after the run (git ignores `.build/`), so the screenshot can be looked at.
    static let screenshot = root.appendingPathComponent(".build/keyless-screenshots/mkdocs-lambda-oidc.png")

    @Test(.enabled(if: Tools.available("mkdocs"), "mkdocs not installed (make bootstrap)"), .timeLimit(.minutes(5)))
    func siteBuildsStrictWithAdmonitionsTabsAndDiagrams() throws {
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
    }

    /// Material fetches mermaid from a CDN when a page runs, unless a global `mermaid` is already there. In
    /// mkdocs-material 9.8.2 (`material/templates/assets/javascripts/bundle.a5f9d56c.min.js`; source
    /// `src/templates/assets/javascripts/components/content/mermaid/index.ts` in its `.map`):
    ///
    ///     function fetchScripts(): Observable<void> {
    ///       return typeof mermaid === "undefined" || mermaid instanceof Element
    ///         ? watchScript("https://unpkg.com/mermaid@11/dist/mermaid.min.js")
    ///         : of(undefined)
    ///     }
    ///
    /// called lazily by `mountMermaid` when the first diagram mounts (after the document loaded), so a
    /// classic script in `extra_javascript` (its `base.html` emits them after the bundle) that defines the
    /// global wins; the pinned mermaid.min.js is an IIFE ending `globalThis["mermaid"] = …default`.
    /// `mountMermaid` then does `mermaid.render(id, text)`, `host.attachShadow({ mode: "closed" })`,
    /// `shadow.innerHTML = svg` and `el.replaceWith(host)`: the `<pre class="mermaid">` becomes an empty
    /// `<div class="mermaid">` whose SVG is in a closed shadow root, which `--dump-dom` (the document's
    /// outerHTML) cannot show, hence `shadowCopyJS` in the test build. Every other `<svg` in the dump is
    /// one of Material's icons, so the check looks inside the diagram's host only.
    @Test(.enabled(if: Tools.available("mkdocs", "chromium") && Tools.mermaidAvailable,
                   "mkdocs, chromium or the pinned mermaid.min.js missing (make bootstrap)"),
          .timeLimit(.minutes(5)))
    func chromiumDrawsTheDiagramWithThePinnedMermaidOffline() throws {
        let mkdocs = try Tools.require("mkdocs")
        let chromium = try Tools.require("chromium")
        let mermaid = try Tools.requireMermaidJS()

        // A test copy of the site: the committed pages, the generated config plus two scripts.
        let work = try TestPaths.tempDir("mkdocs-render")
        defer { try? FileManager.default.removeItem(at: work) }
        let fm = FileManager.default
        try fm.copyItem(at: Self.root.appendingPathComponent("docs/mkdocs/docs"), to: work.appendingPathComponent("docs"))
        let js = work.appendingPathComponent("docs/js")
        try fm.createDirectory(at: js, withIntermediateDirectories: true)
        try fm.copyItem(at: mermaid, to: js.appendingPathComponent("mermaid.min.js"))
        try Data(Self.shadowCopyJS.utf8).write(to: js.appendingPathComponent("keyless-shadow-copy.js"))
        var config = TestPaths.read(Self.root.appendingPathComponent(MkDocsRenderer.configPath))
        try #require(config.contains("\ndocs_dir: docs\n") && !config.contains("extra_javascript"),
                     "the generated mkdocs.yml changed shape: adapt the test copy")
        if !config.hasSuffix("\n") { config += "\n" }
        config += "extra_javascript:\n  - js/keyless-shadow-copy.js\n  - js/mermaid.min.js\n"
        try Data(config.utf8).write(to: work.appendingPathComponent("mkdocs.yml"))
        let site = work.appendingPathComponent("site")
        let b = try run(mkdocs, ["build", "--strict", "-f", work.appendingPathComponent("mkdocs.yml").path, "-d", site.path],
                        cwd: work, env: ["NO_MKDOCS_2_WARNING": "1"], timeout: 240)
        try #require(b.status == 0, "\(b.stdout)\(b.stderr)")
        let page = site.appendingPathComponent("lambda-oidc/index.html")
        let built = TestPaths.read(page)
        #expect(built.contains("<script src=\"../js/mermaid.min.js\"></script>"), "extra_javascript not in the page")
        let diagrams = built.components(separatedBy: "<pre class=\"mermaid\"><code>").dropFirst()
            .map { $0.components(separatedBy: "</code></pre>")[0] }
        try #require(!diagrams.isEmpty, "no mermaid diagram on the page")

        // No name resolves, so nothing can come from a CDN even on a machine that is online;
        // the virtual-time budget lets the page's scripts and mermaid's rendering run to the end.
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                      "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=15000"]
        let url = "file://" + page.path
        let d = try run(chromium, common + ["--window-size=1280,2400", "--dump-dom", url], timeout: 120)
        let dom = d.stdout
        try #require(dom.contains("</html>"), "no DOM dumped: \(d.stderr.suffix(2000))")
        #expect(!dom.contains("<pre class=\"mermaid\">") && !dom.contains("<pre class=\"\"><code>"),
                "a diagram is still its source text (Material could not load or run mermaid)")
        let hosts = dom.components(separatedBy: "<div class=\"mermaid\"><template class=\"keyless-shadow-copy\">").dropFirst()
            .map { $0.components(separatedBy: "</template>")[0] }
        #expect(hosts.count == diagrams.count, "\(diagrams.count) diagram(s) on the page, \(hosts.count) drawn")
        for (source, svg) in zip(diagrams, hosts) {
            #expect(svg.hasPrefix("<svg id=\"__mermaid_"), "the diagram's shadow root holds no SVG: \(svg.prefix(300))")
            #expect(svg.contains("</svg>") && !svg.contains("Syntax error"), "mermaid did not draw it: \(svg.prefix(300))")
            // Every participant's label is drawn (sequence diagrams).
            for line in source.split(separator: "\n") {
                let words = line.split(separator: " ", maxSplits: 3)
                guard words.count == 4, words[0] == "participant", words[2] == "as" else { continue }
                #expect(svg.contains(">\(words[3])<"), "participant \(words[3]) not in the drawn diagram")
            }
        }

        // The whole page (the diagram near the top, the tabs and the admonition further down), at the
        // height the page reported; the copy script draws nothing, so this is what a reader sees.
        let reported = dom.components(separatedBy: "data-keyless-page-height=\"").dropFirst().first
            .flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        #expect(reported > 2400, "page height not reported: \(reported)")
        let height = min(max(reported, 2400), 24_000)
        try fm.createDirectory(at: Self.screenshot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? fm.removeItem(at: Self.screenshot)
        _ = try run(chromium, common + ["--window-size=1280,\(height)", "--screenshot=\(Self.screenshot.path)", url], timeout: 120)
        let png = try Data(contentsOf: Self.screenshot)
        try #require(png.count > 24 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        let pngHeight = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(pngHeight == height, "screenshot is \(pngHeight) px high, asked for \(height)")
        #expect(png.count > 40_000, "screenshot is \(png.count) bytes: blank?")
        print("mkdocs screenshot: \(Self.screenshot.path) (1280x\(height), \(png.count) bytes; mermaid \(mermaid.path))")
    }

    /// Test-only script (never in the generated site): a copy of what Material puts in each shadow root,
    /// kept in an inert `<template>` child of its host (a host whose shadow tree has no `<slot>` draws none
    /// of its own children, so the page looks the same), and the page's height on `<html>`.
    static let shadowCopyJS = """
        (() => {
          const attach = Element.prototype.attachShadow;
          Element.prototype.attachShadow = function (init) {
            const root = attach.call(this, init), host = this;
            new MutationObserver(() => {
              let copy = host.querySelector(":scope > template.keyless-shadow-copy");
              if (!copy) {
                copy = document.createElement("template");
                copy.className = "keyless-shadow-copy";
                host.append(copy);
              }
              copy.innerHTML = root.innerHTML;
            }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
            return root;
          };
          setInterval(() => {
            document.documentElement.dataset.keylessPageHeight = document.documentElement.scrollHeight;
          }, 250);
        })();

        """
}
