import KeylessModel

/// `policy-version`: no `Version`, or the 2008 policy language.
package enum PolicyVersion: PolicyRule {
    package static let rule = Rule("policy-version", .policy, .warning, title: "Missing or old policy version",
        explanation: "Without `\"Version\": \"2012-10-17\"` IAM uses the 2008 language, which has no policy variables.",
        source: RuleSource.grammar)

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        let version = context.document.version
        guard version != PolicyDocument.currentVersion else { return }
        report.add(at: version == nil ? [] : [.key("Version")],
                   version.map { "Version '\($0)' is the old policy language; use 2012-10-17" } ?? "the policy has no Version; add \"Version\": \"2012-10-17\"")
    }
}
