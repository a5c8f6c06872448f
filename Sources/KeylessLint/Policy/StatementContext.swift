import KeylessModel

/// One statement of a policy with where it is.
package struct StatementContext {
    package static let githubHost = "token.actions.githubusercontent.com"

    package var statement: Statement
    package var path: [PathItem]

    /// A statement that trusts the GitHub OIDC provider (a trust policy's statement, not a permission).
    package var isGitHubTrust: Bool {
        (statement.principal?.values(ofType: "Federated") ?? []).contains { $0.hasSuffix("oidc-provider/\(Self.githubHost)") || $0 == Self.githubHost }
    }

    /// The conditions on a claim of the token (`…:sub`, `…:aud`), whatever the provider prefix.
    package func conditions(onClaim claim: String) -> [Condition] {
        statement.conditions.filter { $0.key.lowercased().hasSuffix(":" + claim) }
    }

    /// Where a condition's key is, for findings about that condition.
    package func path(of c: Condition) -> [PathItem] {
        path + [.key("Condition"), .key(c.op.description), .key(c.key)]
    }
}
