import Foundation
import KeylessModel
import KeylessSyntax
import Testing

/// `on:` as GitHub reads it: `-ignore` filters exclude (they are not the lists they sit beside), and events
/// outside push/pull_request*/schedule/workflow_dispatch/workflow_call are kept with their filters.
@Suite struct TriggerCodecTests {
    func triggers(_ on: String, strict: Bool = false) -> (triggers: [Trigger], diagnostics: [Diagnostic]) {
        let reader = YAMLReader(path: "w.yml", strict: strict, rule: "test")
        let w = WorkflowCodec.decode("on:\n\(on)\njobs: {}\n", reader: reader)
        return (w?.triggers ?? [], reader.diagnostics)
    }

    @Test func ignoreListsAreExclusions() {
        let t = triggers("""
              push:
                branches-ignore: [dev]
                tags-ignore: ["v0.*"]
                paths-ignore: ["docs/**"]
            """).triggers
        #expect(t == [.push(EventFilter(branchesIgnore: ["dev"], tagsIgnore: ["v0.*"], pathsIgnore: ["docs/**"]))])
    }

    @Test func otherEventsAreKeptWithTheirFilters() {
        let (t, d) = triggers("""
              release:
                types: [published]
              workflow_run:
                workflows: [Build]
                branches-ignore: [wip]
              merge_group:
            """, strict: true)
        #expect(d.isEmpty, "\(d)")
        #expect(t == [
            .other(name: "release", filter: EventFilter(types: ["published"])),
            .other(name: "workflow_run", filter: EventFilter(branchesIgnore: ["wip"], workflows: ["Build"])),
            .other(name: "merge_group", filter: EventFilter()),
        ])
        #expect(t.map(\.eventName) == ["release", "workflow_run", "merge_group"])
    }

    @Test func shorthandListsKeepEveryEvent() {
        #expect(triggers("  [push, issue_comment, page_build]").triggers.map(\.eventName) == ["push", "issue_comment", "page_build"])
    }

    @Test func strictReaderRejectsAnEventGitHubDoesNotDocument() {
        let (t, d) = triggers("  pushh:\n", strict: true)
        #expect(t.isEmpty && d.map(\.rule) == ["unknown-key"], "\(d)")
    }

    @Test func filtersRoundTrip() {
        let w = Workflow(triggers: [
            .push(EventFilter(branchesIgnore: ["dev"], tags: ["v*"], pathsIgnore: ["docs/**"])),
            .other(name: "workflow_run", filter: EventFilter(branches: ["main"], types: ["completed"], workflows: ["CI"])),
            .other(name: "release", filter: EventFilter()),
        ], jobs: [])
        let text = YAMLEmitter().emit(WorkflowCodec.encode(w))
        let reader = YAMLReader(path: "w.yml", strict: true, rule: "test")
        #expect(WorkflowCodec.decode(text, reader: reader) == w, "\(text)\n\(reader.diagnostics)")
    }

    /// `cancel-in-progress: ${{ … }}` is valid GitHub (neondatabase/neon's pg-clients.yml has one).
    @Test func concurrencyWithAnExpressionDecodes() {
        let reader = YAMLReader(path: "w.yml", strict: false, rule: "test")
        let w = WorkflowCodec.decode("on: push\nconcurrency:\n  group: g\n  cancel-in-progress: ${{ github.event_name == 'pull_request' }}\njobs: {}\n", reader: reader)
        #expect(w?.concurrency == Concurrency(group: "g", cancelInProgress: nil), "\(reader.diagnostics)")
    }
}
