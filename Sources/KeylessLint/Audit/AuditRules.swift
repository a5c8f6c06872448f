import KeylessModel

/// The ids `keyless audit` reports under: evidence (keys, OIDC), gaps for OIDC, and what only IAM can
/// tell. The audit classifies a job in one pass, so these are metadata only; `Auditor` reports them.
public enum AuditRules {
    /// Evidence: a long-lived access key reaches the job.
    public static let longLivedKeys = Rule("long-lived-aws-keys", .audit, .error, title: "Long-lived AWS access key reaches the job",
        explanation: "A stored AWS access key reaches the job (action inputs, keys in `env:` at any level, a local composite action's inputs, a `run:` script, or keys passed to a reusable workflow by name or `secrets: inherit`): the same definition of a key as `keyless check`'s `long-lived-aws-keys`.",
        source: RuleSource.awsDoc)
    /// Evidence: the job assumes a role with OIDC.
    public static let oidcRole = Rule("oidc-role", .audit, .note, title: "The job assumes a role with OIDC",
        explanation: "A credentials step passes `role-to-assume` without keys, or the job calls a reusable workflow that does.",
        source: RuleSource.awsDoc)
    /// Gap: the effective permissions lack `id-token: write`.
    public static let missingIDToken = Rule("missing-id-token", .audit, .warning, title: "No id-token: write in the job's effective permissions",
        explanation: "Without `id-token: write` in its effective permissions the job cannot request an OIDC token.",
        source: RuleSource.oidcDoc)
    /// Gap: no `role-to-assume`.
    public static let missingRoleToAssume = Rule("missing-role-to-assume", .audit, .warning, title: "No role-to-assume",
        explanation: "No credentials step of the job (or of the workflow it calls) names the role to assume with OIDC.",
        source: RuleSource.action)
    /// Not visible from the repository: the IAM identity provider and the role.
    public static let iamNotVisible = Rule("iam-not-visible", .audit, .note, title: "The IAM identity provider and role cannot be seen from the repository",
        explanation: "Whether IAM has the identity provider `token.actions.githubusercontent.com` and the role, and what its trust policy admits, has to be checked in IAM.",
        source: RuleSource.awsDoc)

    /// In the order the audit's SARIF lists them.
    public static let all: [Rule] = [longLivedKeys, oidcRole, missingIDToken, missingRoleToAssume, iamNotVisible]
}
