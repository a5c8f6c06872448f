import Foundation
import KeylessTestSupport
import Testing

/// `keyless check` spreads files over the cores; its output must be the bytes of a one-at-a-time run.
@Suite struct ParallelOutputTests {
    static let corpus = TestPaths.realWorldCorpus

    func compare(_ paths: [String]) throws {
        let k = try Tools.requireKeyless()
        for format in ["text", "json", "sarif"] {
            let one = try run(k, ["check", "--jobs", "1", "--format", format] + paths, cwd: TestPaths.packageRoot)
            let many = try run(k, ["check", "--jobs", "4", "--format", format] + paths, cwd: TestPaths.packageRoot)
            #expect(one.status == many.status, "\(format): exit \(one.status) vs \(many.status)")
            #expect(one.stdout == many.stdout, "\(format): output differs between --jobs 1 and --jobs 4")
            #expect(one.stderr == many.stderr, "\(format): stderr differs")
            #expect(!one.stdout.isEmpty)
        }
    }

    @Test func checkIsByteIdenticalOnTheShippedFiles() throws {
        try compare(["docs-src/hive-kube-fixture", "Snippets", "Tests/KeylessLintTests/Fixtures"])
    }

    @Test(.enabled(if: Tools.sharedAvailable(corpus), "../shared/corpus/realworld is not beside the package"))
    func checkIsByteIdenticalOnTheRealWorldCorpus() throws {
        try compare([try Tools.requireShared(Self.corpus).path])
    }

    @Test func jobsMustBePositive() throws {
        let r = try run(try Tools.requireKeyless(), ["check", "--jobs", "0", "Snippets"], cwd: TestPaths.packageRoot)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("--jobs must be at least 1"), "\(r.stderr)")
    }
}
