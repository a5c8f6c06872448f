import Foundation
import KeylessAnalysis
import KeylessModel
import KeylessSyntax
import KeylessTestSupport
import Testing
import Yams

/// The hand-judged `claims:` of `Expected/*.yml` (written from the workflows and GitHub's documentation, see
/// `Expected/README.md`) against the predictor on the real files of `../shared/corpus/realworld`.
@Suite struct ClaimsRealWorldTests {
    /// One `claims:` entry: the subs a job presents for an event; "unknown" where a pattern or an expression decides.
    struct Entry {
        var repository: String
        var path: String
        var job: String
        var event: String
        var subs: Set<String>
    }

    static let expectedDir = TestPaths.testsDir().appendingPathComponent("Expected")

    /// Every entry, with the repository's default branch.
    static func entries() throws -> [(entry: Entry, defaultBranch: String)] {
        var out: [(Entry, String)] = []
        for url in TestPaths.files(in: expectedDir, ext: "yml") {
            let doc = try #require(try Yams.load(yaml: TestPaths.read(url)) as? [String: Any], "\(url.lastPathComponent)")
            let repository = try #require(doc["repository"] as? String), branch = try #require(doc["default-branch"] as? String)
            for file in doc["files"] as? [[String: Any]] ?? [] {
                let path = try #require(file["path"] as? String)
                for claim in file["claims"] as? [[String: Any]] ?? [] {
                    let subs = try #require(claim["subs"] as? [String], "\(url.lastPathComponent) \(path)")
                    out.append((Entry(repository: repository, path: path, job: try #require(claim["job"] as? String),
                                      event: try #require(claim["event"] as? String), subs: Set(subs)), branch))
                }
            }
        }
        return out
    }

    /// The subs the predictor gives for the entry's job and event: "unknown" for an unknown one. For a call into
    /// a local reusable workflow, the called jobs that assume a role (all of them when none visibly does).
    static func predicted(_ entry: Entry, in predictions: [ClaimPrediction]) -> Set<String> {
        let mine = predictions.filter { $0.job == entry.job && $0.eventName == entry.event }
        let assuming = mine.filter { $0.calledJob == nil || $0.assumesRole == true }
        return Set((assuming.isEmpty ? mine : assuming).map { $0.sub.value ?? "unknown" })
    }

    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus), "the real-world corpus ../shared/corpus/realworld is absent"))
    func claimsMatchTheExpectedResults() throws {
        let corpus = try Tools.requireShared(TestPaths.realWorldCorpus)
        let entries = try Self.entries()
        #expect(entries.count > 600, "the expected files list \(entries.count) claims")
        var predictions: [String: [ClaimPrediction]] = [:]
        var right = 0
        var wrong: [String] = [], omitted: [String] = []
        for (entry, branch) in entries {
            let key = "\(entry.repository) \(entry.path)"
            if predictions[key] == nil {
                let file = corpus.appendingPathComponent(entry.repository.replacingOccurrences(of: "/", with: "+"))
                    .appendingPathComponent(entry.path).path
                let source = try WorkflowSource(text: TestPaths.read(URL(fileURLWithPath: file)), path: file)
                let predictor = ClaimPredictor(
                    repository: try #require(RepositoryName(parsing: entry.repository)), defaultBranch: branch,
                    workflowPath: source.workflowPath, callees: source.callees)
                predictions[key] = try predictor.predict(source.workflow)
            }
            let got = Self.predicted(entry, in: predictions[key] ?? [])
            let label = "\(key) job \(entry.job) [\(entry.event)]"
            if got.isEmpty {
                omitted.append(label)
            } else if got == entry.subs {
                right += 1
            } else {
                wrong.append("\(label): expected \(entry.subs.sorted()), predicted \(got.sorted())")
            }
        }
        let summary = "claims on the real-world corpus: \(right) of \(entries.count) right, \(wrong.count) wrong, \(omitted.count) omitted"
        print(summary)
        #expect(omitted.isEmpty, "\(summary); omitted:\n\(omitted.joined(separator: "\n"))")
        #expect(right * 100 >= entries.count * 95, "\(summary); wrong:\n\(wrong.joined(separator: "\n"))")
    }
}
