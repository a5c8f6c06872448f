/// `role-duration-out-of-range`: `role-duration-seconds` outside what STS accepts.
package enum RoleDurationOutOfRange: WorkflowRule {
    package static let rule = Rule("role-duration-out-of-range", .workflow, .error, title: "Session duration out of range",
        explanation: "`role-duration-seconds` must be between 900 and 43200, and no more than the role's MaxSessionDuration (3600 by default).",
        source: RuleSource.sts)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for step in context.credentialSteps {
            guard let d = step.step.input("role-duration-seconds") else { continue }
            let seconds: Int?
            switch d {
            case .int(let i): seconds = i
            case .string(let s): seconds = Int(s)
            default: seconds = nil
            }
            if let seconds, !(900...43200).contains(seconds) {
                report.add(at: step.path + [.key("with"), .key("role-duration-seconds")], "role-duration-seconds \(seconds) is outside 900–43200")
            }
        }
    }
}
