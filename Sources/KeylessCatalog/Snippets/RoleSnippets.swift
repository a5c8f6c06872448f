import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// What every configuration gets: the provider's CLI command, and each role's trust policy.
struct RoleSnippets {
    let ref: Reference
    init(_ ref: Reference) { self.ref = ref }

    var all: [Snippet] { [providerCLI] + ref.config.roles.map(trustPolicy) }

    static func trustID(_ role: RoleConfig) -> String { "trust-\(role.id)" }

    var providerCLI: Snippet {
        let p = ref.config.provider
        return Snippet(
            id: "provider-cli", path: "Snippets/cli/create-oidc-provider.sh", title: "Create the GitHub OIDC provider (AWS CLI)",
            content: .shell([
                ShellCommand(
                    ["aws", "iam", "create-open-id-connect-provider", "--url", p.url]
                        + p.audiences.flatMap { ["--client-id-list", $0] },
                    comment: "Once per AWS account. IAM no longer needs a thumbprint for this provider."),
                ShellCommand(["aws", "iam", "list-open-id-connect-providers"], comment: "Confirm it exists."),
            ]))
    }

    func trustPolicy(_ role: RoleConfig) -> Snippet {
        Snippet(
            id: Self.trustID(role), path: "Snippets/iam/trust/\(role.name).json", title: "Trust policy of \(role.name)",
            content: .policy(ref.trustPolicy(role)))
    }

}
