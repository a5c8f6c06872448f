/// `policy-action-resource-mismatch`: an action paired with resources of a type it cannot apply to.
package enum PolicyActionResourceMismatch: PolicyRule {
    package static let rule = Rule("policy-action-resource-mismatch", .policy, .error, title: "Action cannot apply to the resource",
        explanation: "Each action applies to certain resource types: Lambda layer actions to `layer:` ARNs, function actions to `function:` ARNs, S3 object actions to `bucket/key` ARNs and bucket actions to the bucket ARN. A statement that pairs them otherwise never matches, so the call is denied.",
        source: RuleSource.lambdaSAR)

    package static func check(_ context: PolicyContext, report: inout RuleReport) {
        for s in context.statements where !s.isGitHubTrust && s.statement.effect == .allow {
            guard case .action(let actions) = s.statement.actions,
                  case .resource(let resources)? = s.statement.resources, !resources.contains("*") else { continue }
            for a in actions {
                guard let need = ResourceTypes.required(for: a), !resources.contains(where: { need.matches($0) }) else { continue }
                report.add(at: s.path + [.key("Action")], "'\(a)' applies to \(need.description) resources, and no Resource of the statement is one")
            }
        }
    }
}
