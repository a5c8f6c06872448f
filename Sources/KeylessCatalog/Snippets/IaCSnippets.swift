import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// The IAM side of the guide as code: the same provider, roles and policies as the JSON snippets,
/// in Terraform, CloudFormation and an AWS CLI script, each parsed back into `setup`.
struct IaCSnippets {
    let ref: Reference
    init(_ ref: Reference) { self.ref = ref }

    /// The inline policy of a role with the `sam-lambda` template.
    static let inlinePolicyName = "lambda-tests"

    /// A role's inline policy: the template's document, or the file's; none when the configuration gives none.
    func permissions(_ r: RoleConfig) -> [NamedPolicy] {
        switch r.permissions {
        case .samLambda(let prefix)?:
            let account = ref.config.account.description
            return [NamedPolicy(name: Self.inlinePolicyName, document: LambdaSnippets.permissionDocument(prefix: prefix, region: ref.region, account: account))]
        case .file(let path, let document?)?:
            let stem = path.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? "permissions"
            return [NamedPolicy(name: stem, document: document)]
        default:
            return []
        }
    }

    var setup: IAMSetup {
        let roles = ref.config.roles.map { r in
            let repo = ref.repository(r.repository).name
            return Role(
                name: r.name, path: "/",
                description: "Assumed by GitHub Actions in \(ref.org)/\(repo) (\(r.subjects.map(Self.describe).joined(separator: ", "))) through OIDC",
                maxSessionDuration: r.maxSessionDuration, trustPolicy: ref.trustPolicy(r),
                permissionPolicies: permissions(r))
        }
        var repos: [String] = []
        for r in ref.config.roles where !repos.contains(ref.repository(r.repository).name) { repos.append(ref.repository(r.repository).name) }
        return IAMSetup(account: ref.config.account, partition: ref.config.partition, provider: ref.config.provider, roles: roles,
                        organization: ref.org, repositories: repos)
    }

    static func describe(_ c: SubjectClaim.Context) -> String {
        switch c {
        case .branch(let b): return "branch \(b)"
        case .tag(let t): return "tag \(t)"
        case .environment(let e): return "environment \(e)"
        case .pullRequest: return "pull requests"
        case .any: return "any ref"
        case .custom(let c): return c
        }
    }

    var all: [Snippet] { [terraform, cloudFormation, cliScript] }

    var terraform: Snippet {
        Snippet(id: "iac-terraform", path: "Snippets/iac/terraform/github-oidc.tf", title: "Terraform: github-oidc.tf", content: .terraform(setup))
    }

    var cloudFormation: Snippet {
        Snippet(id: "iac-cloudformation", path: "Snippets/iac/cloudformation/github-oidc.yml", title: "CloudFormation: github-oidc.yml",
                content: .cloudFormation(setup))
    }

    var cliScript: Snippet {
        Snippet(id: "iac-cli", path: "Snippets/iac/cli/setup-github-oidc.sh", title: "AWS CLI: setup-github-oidc.sh", content: .awsCLIScript(setup))
    }
}
