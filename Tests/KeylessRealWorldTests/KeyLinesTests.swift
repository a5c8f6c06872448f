import Foundation
import KeylessLint
import KeylessModel
import KeylessTestSupport
import Testing
import Yams

/// The hand-judged expectations of `Expected/OWNER+REPO.yml` that the credentials tests read:
/// auth per job and key lines per file (claims and migrate outcomes are other tests' business).
enum CredentialsExpected {
    static let dir = TestPaths.testsDir().appendingPathComponent("Expected")

    /// A ratio as a percentage with one decimal.
    static func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    struct File {
        var path: String
        var jobs: [String: String]
        var keyLines: Set<Int>
    }

    struct Repository {
        var slug: String
        var root: URL
        var files: [String: File]

        /// Every top-level workflow file of the repository's `.github/workflows`, as GitHub reads them.
        var workflowPaths: [String] {
            let dir = root.appendingPathComponent(".github/workflows")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { ".github/workflows/" + $0 }
        }
    }

    /// The eighteen repositories, each with its expected files.
    static func repositories() throws -> [Repository] {
        try TestPaths.files(in: dir, ext: "yml").map { url in
            let node = try #require(try Yams.compose(yaml: TestPaths.read(url)), "\(url.lastPathComponent)")
            var files: [String: File] = [:]
            for f in node["files"]?.sequence ?? [] {
                let path = try #require(f["path"]?.string)
                var jobs: [String: String] = [:]
                for j in f["jobs"]?.sequence ?? [] { jobs[try #require(j["id"]?.string)] = try #require(j["auth"]?.string) }
                let lines = (f["key-lines"]?.sequence ?? []).compactMap(\.int)
                files[path] = File(path: path, jobs: jobs, keyLines: Set(lines))
            }
            let slug = url.deletingPathExtension().lastPathComponent
            return Repository(slug: slug, root: TestPaths.realWorldCorpus.appendingPathComponent(slug), files: files)
        }
    }
}

/// `keyless check`'s `long-lived-aws-keys` against the expected key lines of every workflow file.
@Suite struct KeyLinesTests {
    static let linter = Linter(pins: ActionPins(pins: [], majors: []))

    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus), "../shared/corpus/realworld is not beside the package"))
    func longLivedKeysPrecisionAndRecall() throws {
        _ = try Tools.requireShared(TestPaths.realWorldCorpus)
        var truePositives = 0, reported = 0, expected = 0
        var misses: [String] = []
        for repo in try CredentialsExpected.repositories() {
            #expect(!repo.workflowPaths.isEmpty, "\(repo.slug) has no workflows in the corpus")
            for path in repo.workflowPaths {
                let url = repo.root.appendingPathComponent(path)
                let r = Self.linter.lint(TestPaths.read(url), path: url.path)
                let found = Set(r.diagnostics.filter { $0.rule == "long-lived-aws-keys" }.map(\.location.line))
                let want = repo.files[path]?.keyLines ?? []
                truePositives += found.intersection(want).count
                reported += found.count
                expected += want.count
                let extra = found.subtracting(want).sorted(), missed = want.subtracting(found).sorted()
                if !extra.isEmpty || !missed.isEmpty { misses.append("\(repo.slug)/\(path): false \(extra), missed \(missed)") }
            }
        }
        let precision = reported == 0 ? 1 : Double(truePositives) / Double(reported)
        let recall = expected == 0 ? 1 : Double(truePositives) / Double(expected)
        let measured = "long-lived-aws-keys: precision \(truePositives)/\(reported) = \(CredentialsExpected.percent(precision)), recall \(truePositives)/\(expected) = \(CredentialsExpected.percent(recall))"
        print(measured + "\n" + misses.joined(separator: "\n"))
        #expect(precision >= 0.95 && recall >= 0.95, "\(measured)\n\(misses.joined(separator: "\n"))")
    }
}

