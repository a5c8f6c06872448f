import KeylessSyntax

/// The registry: every rule Keyless reports, each defined once in its own file under `Rules/`.
public enum Rules {
    /// The workflow rules, in the order the guide lists (and the linter runs) them.
    static let workflow: [any WorkflowRule.Type] = [
        LongLivedAWSKeys.self,
        MissingIDToken.self,
        IDTokenAtWorkflowLevel.self,
        RoleSessionNameInvalid.self,
        RoleDurationOutOfRange.self,
        RoleToAssumeNotARN.self,
        MissingAWSRegion.self,
        UnpinnedAction.self,
        DeprecatedActionRuntime.self,
        PullRequestOIDCWithoutForkGuard.self,
    ]

    /// The IAM policy rules, in the guide's order.
    static let policy: [any PolicyRule.Type] = [
        TrustMissingSub.self,
        TrustMissingAud.self,
        TrustStringEqualsWildcard.self,
        TrustStringLikeWithoutWildcard.self,
        TrustForAllValuesAllow.self,
        TrustOverbroadSubject.self,
        TrustWrongAction.self,
        TrustUnknownAudience.self,
        PolicyActionResourceMismatch.self,
        PolicyServiceWildcard.self,
        PolicyUnknownConditionOperator.self,
        PolicyVersion.self,
    ]

    /// Every rule `keyless check` knows, in the order the guide lists them.
    public static let all: [Rule] = workflow.map { $0.rule } + policy.map { $0.rule }

    /// The ids `keyless audit` reports under (target `.audit`), in the order its SARIF lists them.
    public static let audit: [Rule] = AuditRules.all

    /// The `check` rule with this id.
    public static func rule(_ id: String) -> Rule? { all.first { $0.id == id } }

    /// The workflow rules in the order they run: at one position findings print in run order, and the
    /// rules about what a `uses:` names reported before the ones about the step's inputs.
    static let workflowRunOrder: [any WorkflowRule.Type] = workflow.filter { $0.runsEarly } + workflow.filter { !$0.runsEarly }

    /// The policy rules in the order they run (see `workflowRunOrder`).
    static let policyRunOrder: [any PolicyRule.Type] = policy.filter { $0.runsEarly } + policy.filter { !$0.runsEarly }
}
