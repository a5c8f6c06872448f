import Foundation
import KeylessAnalysis
import KeylessModel
import KeylessSyntax
import KeylessTestSupport
import Testing

/// Where each event runs, from https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows,
/// and what that makes the sub of a job without an environment.
@Suite struct EventTests {
    let predictor = ClaimPredictor(repository: repo, defaultBranch: "trunk")

    func subs(_ on: String, event: String? = nil, ref: String? = nil) throws -> [Predicted] {
        let reader = YAMLReader(path: "w.yml", strict: false, rule: "test")
        let w = try #require(WorkflowCodec.decode("on:\n\(on)\njobs:\n  j:\n    runs-on: x\n    steps: [{run: x}]\n", reader: reader), "\(reader.diagnostics)")
        return try predictor.predict(w, event: event, ref: ref).map(\.sub)
    }

    @Test func everyEventOfTheIssueHasARunRef() {
        let named = ["release", "workflow_run", "repository_dispatch", "merge_group", "pull_request_review",
                     "pull_request_review_comment", "milestone", "deployment", "deployment_status", "issue_comment", "issues",
                     "check_run", "check_suite", "create", "delete", "discussion", "fork", "gollum", "label", "page_build",
                     "public", "registry_package", "status", "watch", "branch_protection_rule"]
        #expect(named.filter { GitHubEvent.runRef(of: $0) == nil } == [])
    }

    @Test func defaultBranchEvents() throws {
        for event in ["workflow_run", "repository_dispatch", "issue_comment", "delete", "watch", "branch_protection_rule"] {
            #expect(try subs("  \(event):\n") == [.known("repo:honeyhiveai/python-sdk:ref:refs/heads/trunk")], "\(event)")
        }
    }

    @Test func eventsOnARefTheFileCannotTell() throws {
        for event in ["release", "merge_group", "create", "deployment", "registry_package", "pull_request_review"] {
            let s = try subs("  \(event):\n")
            #expect(s.count == 1 && s[0].value == nil, "\(event): \(s)")
        }
        // With --ref, the release's tag is known.
        #expect(try subs("  release:\n", ref: "refs/tags/v1") == [.known("repo:honeyhiveai/python-sdk:ref:refs/tags/v1")])
    }

    @Test func anUndocumentedEventIsReportedNotDropped() throws {
        let s = try subs("  made_up:\n")
        #expect(s == [.unknown("the ref is `made_up` is not an event GitHub documents")])
    }

    @Test func eventNotTriggeredIsAnError() throws {
        #expect(throws: ClaimPredictor.EventNotTriggered(event: "release", triggers: ["push", "schedule"])) {
            try subs("  push:\n  schedule: [{cron: '0 0 * * *'}]\n", event: "release")
        }
    }

    @Test func pushFilters() throws {
        // Only branches-ignore: the default branch unless excluded.
        #expect(try subs("  push:\n    branches-ignore: [dev]\n") == [.known("repo:honeyhiveai/python-sdk:ref:refs/heads/trunk")])
        #expect(try subs("  push:\n    branches-ignore: ['t*']\n").map(\.value) == [nil])
        // Only tags: no branch runs it; only tags-ignore: an unknown tag.
        #expect(try subs("  push:\n    tags: [v1]\n") == [.known("repo:honeyhiveai/python-sdk:ref:refs/tags/v1")])
        #expect(try subs("  push:\n    tags-ignore: [v1]\n").map(\.value) == [nil])
        // A later `!` entry excludes a name; paths never name a ref.
        #expect(try subs("  push:\n    branches: [a, b, '!b']\n    paths: [src]\n") == [.known("repo:honeyhiveai/python-sdk:ref:refs/heads/a")])
    }
}
