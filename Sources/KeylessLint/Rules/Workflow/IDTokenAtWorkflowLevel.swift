/// `id-token-at-workflow-level`: every job of the workflow may request an OIDC token.
package enum IDTokenAtWorkflowLevel: WorkflowRule {
    package static let rule = Rule("id-token-at-workflow-level", .workflow, .warning, title: "`id-token: write` granted to every job",
        explanation: "Granting `id-token: write` at workflow level lets every job, including ones that run untrusted code, request a token. Grant it on the job that assumes the role and set `permissions: {}` at the top.",
        source: RuleSource.oidcDoc)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        guard context.workflow?.permissions?.access(.idToken) == .write else { return }
        report.add(at: [.key("permissions"), .key("id-token")], "id-token: write is granted to every job of the workflow; grant it on the job that assumes a role")
    }
}
