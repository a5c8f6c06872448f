import KeylessModel

/// `unpinned-action`: an action or reusable workflow used at a tag or branch, not a commit.
package enum UnpinnedAction: WorkflowRule {
    package static let rule = Rule("unpinned-action", .workflow, .warning, title: "Action not pinned to a commit",
        explanation: "A tag or branch can be moved to other code. Pin `uses:` to a full 40-character commit SHA and keep the version in a comment.",
        source: RuleSource.hardening)

    /// About what `uses:` names, so reported before the step's other findings at that line (as always).
    package static var runsEarly: Bool { true }

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for job in context.jobs {
            guard let uses = job.job.uses, !uses.hasPrefix("./"), let at = uses.lastIndex(of: "@"),
                  !ActionRef.isCommitSHA(String(uses[uses.index(after: at)...])) else { continue }
            report.add(at: job.path + [.key("uses")], "reusable workflow '\(uses)' is not pinned to a full commit SHA")
        }
        for step in context.steps {
            guard let ref = step.step.uses, !ref.isPinnedToSHA else { continue }
            report.add(at: step.path + [.key("uses")], "\(ref.repository) is used at '\(ref.ref)', not pinned to a full commit SHA")
        }
    }
}
