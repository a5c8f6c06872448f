import KeylessModel

/// `deprecated-action-runtime`: the action's major runs on a Node.js version GitHub deprecates.
package enum DeprecatedActionRuntime: WorkflowRule {
    package static let rule = Rule("deprecated-action-runtime", .workflow, .warning, title: "Action major runs on a deprecated Node.js runtime",
        explanation: "The action's major version declares a Node.js runtime that GitHub has deprecated on its runners (node12, node16, node20). Move to the major that runs on node24; Keyless's table lists each major's `runs.using`, read from the action's release tags.",
        source: KeylessModel.Reference("GitHub: deprecation of Node 20 on Actions runners", "https://github.blog/changelog/2025-09-19-deprecation-of-node-20-on-github-actions-runners/"))

    /// About what `uses:` names, so reported before the step's other findings at that line (as always).
    package static var runsEarly: Bool { true }

    static let deprecated: Set<String> = ["node12", "node16", "node20"]

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        let pins = context.pins
        for step in context.steps {
            guard let ref = step.step.uses else { continue }
            let runtime: String?
            if ref.isPinnedToSHA {
                runtime = pins.pins.first { $0.repository == ref.repository && $0.sha == ref.ref }?.runtime
            } else {
                let major = "v" + ref.ref.dropFirst(ref.ref.hasPrefix("v") ? 1 : 0).prefix { $0.isNumber }
                runtime = pins.majors.first { $0.repository == ref.repository && $0.major == major }?.runtime
            }
            guard let runtime, deprecated.contains(runtime) else { continue }
            let current = pins.pin(ref.repository).map { " (current: \($0.version), node24)" } ?? ""
            report.add(at: step.path + [.key("uses")], "\(ref.repository)@\(ref.ref) runs on \(runtime), which GitHub deprecates\(current)")
        }
    }
}
