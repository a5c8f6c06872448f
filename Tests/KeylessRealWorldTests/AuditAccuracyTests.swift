import Foundation
import KeylessAudit
import KeylessSyntax
import KeylessTestSupport
import Testing

/// `keyless audit`'s classification of every job against the expected auth: the listed jobs plus the
/// jobs the tool calls something other than `none` (an unlisted job is expected `none`).
@Suite struct AuditAccuracyTests {
    @Test(.enabled(if: Tools.sharedAvailable(TestPaths.realWorldCorpus), "../shared/corpus/realworld is not beside the package"))
    func auditClassifiesJobsAsJudged() throws {
        _ = try Tools.requireShared(TestPaths.realWorldCorpus)
        var right = 0, total = 0
        var wrong: [String] = []
        var keysMissed: [String] = []
        for repo in try CredentialsExpected.repositories() {
            let sources = repo.workflowPaths.map { WorkflowSource(path: $0, text: TestPaths.read(repo.root.appendingPathComponent($0))) }
            let report = Auditor(repositoryRoot: repo.root.path).audit(sources)
            #expect(report.problems.isEmpty, "\(repo.slug): \(report.problems)")
            for w in report.workflows {
                let expected = repo.files[w.path]?.jobs ?? [:]
                var ids = Set(expected.keys)
                for j in w.jobs where j.auth != .none { ids.insert(j.id) }
                for id in ids.sorted() {
                    let want = expected[id] ?? "none"
                    let got = w.jobs.first { $0.id == id }?.auth.rawValue ?? "none"
                    total += 1
                    if want == got { right += 1 } else { wrong.append("\(repo.slug)/\(w.path) \(id): expected \(want), got \(got)") }
                    if ["long-lived-keys", "mixed"].contains(want), ["none", "oidc"].contains(got) { keysMissed.append("\(repo.slug)/\(w.path) \(id): \(got)") }
                }
            }
            // A listed file the audit did not see would hide its jobs from the count.
            for path in repo.files.keys.sorted() where !report.workflows.contains(where: { $0.path == path }) {
                wrong.append("\(repo.slug)/\(path): not audited")
                total += 1
            }
        }
        let accuracy = total == 0 ? 0 : Double(right) / Double(total)
        let measured = "audit: \(right)/\(total) jobs right = \(CredentialsExpected.percent(accuracy)); jobs with real keys called none or oidc: \(keysMissed.count)"
        print(measured + "\n" + wrong.joined(separator: "\n"))
        #expect(accuracy >= 0.98 && keysMissed.isEmpty, "\(measured)\n\(wrong.joined(separator: "\n"))")
    }
}
