import KeylessTestSupport
import Foundation
import Testing

/// The plugin from a package that lists Keyless as a dependency (by path) and has its own
/// `docs-src/keyless.yml`: `swift package --allow-writing-to-package-directory generate-docs` there
/// writes `docs/` and `Snippets/` about that package's organisation into that package, the same bytes
/// `keyless generate` writes for its configuration, and nothing into Keyless's tree. Slow (a cold build of Keyless as a dependency
/// in its own scratch path), so it runs only under `make test` or with `KEYLESS_SLOW_TESTS=1`.
@Suite(.serialized) struct DependentPackageTests {
    static var enabled: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["KEYLESS_REQUIRE_VALIDATORS"] == "1" || env["KEYLESS_SLOW_TESTS"] == "1"
    }

    /// Every regular file under `dir`, relative path → (bytes, modification date).
    static func snapshot(_ dir: URL) -> [String: (Data, Date)] {
        var out: [String: (Data, Date)] = [:]
        let base = dir.standardizedFileURL.path
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey]) else { return out }
        for case let url as URL in e {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .contentModificationDateKey])
            guard values?.isRegularFile == true, let data = try? Data(contentsOf: url) else { continue }
            let path = url.standardizedFileURL.path
            out[String(path.dropFirst(base.count + 1))] = (data, values?.contentModificationDate ?? .distantPast)
        }
        return out
    }

    @Test(.enabled(if: enabled, "slow (builds Keyless as a dependency): set KEYLESS_SLOW_TESTS=1, or run `make test`"))
    func generateDocsWritesIntoTheDependentPackage() throws {
        let swift = try #require(Tools.find("swift"), "swift is not on PATH")
        let root = TestPaths.packageRoot
        let fm = FileManager.default
        let consumer = try TestPaths.tempDir("dependent")
        defer {
            try? fm.removeItem(at: consumer)
            // SwiftPM's lock files for that scratch path, beside it in the temporary directory.
            let tmp = fm.temporaryDirectory
            for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.contains(consumer.lastPathComponent) {
                try? fm.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
        try """
            // swift-tools-version:6.0
            import PackageDescription

            let package = Package(
                name: "AcmeDocs",
                dependencies: [.package(path: "\(root.path)")],
                targets: [.target(name: "AcmeDocs")]
            )

            """.write(to: consumer.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let sources = consumer.appendingPathComponent("Sources/AcmeDocs")
        try fm.createDirectory(at: sources, withIntermediateDirectories: true)
        try "public let acme = 1\n".write(to: sources.appendingPathComponent("AcmeDocs.swift"), atomically: true, encoding: .utf8)
        // The dependent package's own organisation: one repository, a role per branch and environment.
        try fm.createDirectory(at: consumer.appendingPathComponent("docs-src"), withIntermediateDirectories: true)
        try Self.acmeConfig.write(to: consumer.appendingPathComponent("docs-src/keyless.yml"), atomically: true, encoding: .utf8)
        // The versions Keyless resolved, so the dependency graph resolves the same way (offline when cached).
        let resolved = root.appendingPathComponent("Package.resolved")
        if fm.fileExists(atPath: resolved.path) { try fm.copyItem(at: resolved, to: consumer.appendingPathComponent("Package.resolved")) }

        let before = (Self.snapshot(root.appendingPathComponent("docs")), Self.snapshot(root.appendingPathComponent("Snippets")))
        let scratch = consumer.appendingPathComponent(".build").path
        let r = try run(swift, ["package", "--scratch-path", scratch, "--allow-writing-to-package-directory", "generate-docs"],
                        cwd: consumer, timeout: 3600)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")

        // The dependent package got its guide and snippets: exactly what `keyless generate` writes for its
        // configuration, about its organisation and no other.
        let expected = consumer.appendingPathComponent(".keyless-expected")
        let direct = try run(try Tools.requireKeyless(), ["generate", "--config", "docs-src/keyless.yml", "--output", expected.path], cwd: consumer)
        #expect(direct.status == 0, "\(direct.stdout)\(direct.stderr)")
        for dir in ["docs", "Snippets"] {
            let mine = Self.snapshot(expected.appendingPathComponent(dir)), theirs = Self.snapshot(consumer.appendingPathComponent(dir))
            #expect(!theirs.isEmpty, "\(dir)/ was not written into the dependent package")
            #expect(theirs.keys.sorted() == mine.keys.sorted(), "\(dir)/ lists other files than keyless generate writes")
            for (path, (data, _)) in theirs where mine[path]?.0 != data { Issue.record("\(dir)/\(path) differs from keyless generate's") }
            for (path, (data, _)) in theirs {
                let text = String(decoding: data, as: UTF8.self).lowercased()
                for name in ["honeyhive", "hive-kube", "python-sdk"] where text.contains(name) { Issue.record("\(dir)/\(path) names \(name)") }
            }
        }
        let trust = consumer.appendingPathComponent("Snippets/iam/trust/acme-api-deploy.json")
        #expect(TestPaths.read(trust).contains("repo:acme-widgets/api:environment:production"), "\(TestPaths.read(trust))")
        for f in ["docs/md/index.md", "docs/rst/index.rst", "docs/html/index.html"] {
            #expect(fm.fileExists(atPath: consumer.appendingPathComponent(f).path), "\(f) missing")
        }
        // And nothing was written into Keyless's tree: same files, same bytes, same modification dates.
        let after = (Self.snapshot(root.appendingPathComponent("docs")), Self.snapshot(root.appendingPathComponent("Snippets")))
        for (old, new, name) in [(before.0, after.0, "docs"), (before.1, after.1, "Snippets")] {
            #expect(old.keys.sorted() == new.keys.sorted(), "files appeared in or vanished from Keyless's \(name)/")
            for (path, (data, date)) in old where new[path]?.0 != data || new[path]?.1 != date {
                Issue.record("Keyless's \(name)/\(path) was written")
            }
        }
        #expect((r.stdout + r.stderr).contains("keyless: "), "the plugin did not run keyless generate: \(r.stdout)\(r.stderr)")
    }

    static let acmeConfig = """
        organization: acme-widgets
        account: ACCOUNT_ID
        placeholders: [ACCOUNT_ID]
        region: us-west-2
        provider:
          url: https://token.actions.githubusercontent.com
          audiences: [sts.amazonaws.com]
        repositories:
          - id: api
            name: api
            default-branch: main
        roles:
          - id: api-deploy
            name: acme-api-deploy
            repository: api
            subjects: ["environment:production"]
            session-name: acme-api-deploy
          - id: api-ci
            name: acme-api-ci
            repository: api
            subjects: ["branch:main", "pull_request"]
            session-name: acme-api-ci
        environments:
          - id: production
            name: production
            branch: main

        """
}
