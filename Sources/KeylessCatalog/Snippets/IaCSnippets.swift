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
            let account = ref.config.account(of: r).description
            return [NamedPolicy(name: Self.inlinePolicyName, document: LambdaSnippets.permissionDocument(prefix: prefix, region: ref.region, account: account))]
        case .file(let path, _, let document?)?:
            let stem = path.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? "permissions"
            return [NamedPolicy(name: stem, document: document)]
        default:
            return []
        }
    }

    /// The setup of the configuration's own account.
    var setup: IAMSetup { setup(for: ref.config.account) }

    /// One account's provider and the roles that live in it.
    func setup(for account: AccountID) -> IAMSetup {
        let members = ref.config.roles.filter { ref.config.account(of: $0) == account }
        let roles = members.map { r in
            let repo = ref.repository(r.repository).name
            return Role(
                name: r.name, path: "/",
                description: "Assumed by GitHub Actions in \(ref.org)/\(repo) (\(r.subjects.map(Self.describe).joined(separator: ", "))) through OIDC",
                maxSessionDuration: r.maxSessionDuration, trustPolicy: ref.trustPolicy(r),
                permissionPolicies: permissions(r))
        }
        var repos: [String] = []
        for r in members where !repos.contains(ref.repository(r.repository).name) { repos.append(ref.repository(r.repository).name) }
        return IAMSetup(account: account, partition: ref.config.partition, provider: ref.config.provider, roles: roles,
                        organization: ref.org, repositories: repos)
    }

    /// A subject in words (`branch main`, `pull requests`), for role descriptions and titles.
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

    var all: [Snippet] { ref.config.accounts.flatMap { [terraform($0), cloudFormation($0), cliScript($0)] } }

    /// `""` for the configuration's account (the files every guide has), `-ACCOUNT` for another one.
    func suffix(_ account: AccountID) -> String {
        account == ref.config.account ? "" : "-" + Validate.slug(account.description)
    }

    static func ids(_ suffix: String) -> (terraform: String, cloudFormation: String, cli: String) {
        ("iac-terraform\(suffix)", "iac-cloudformation\(suffix)", "iac-cli\(suffix)")
    }

    func terraform(_ account: AccountID) -> Snippet {
        let s = suffix(account)
        return Snippet(id: Self.ids(s).terraform, path: "Snippets/iac/terraform/github-oidc\(s).tf", title: "Terraform: github-oidc\(s).tf",
                       content: .terraform(setup(for: account)))
    }

    func cloudFormation(_ account: AccountID) -> Snippet {
        let s = suffix(account)
        return Snippet(id: Self.ids(s).cloudFormation, path: "Snippets/iac/cloudformation/github-oidc\(s).yml", title: "CloudFormation: github-oidc\(s).yml",
                       content: .cloudFormation(setup(for: account)))
    }

    func cliScript(_ account: AccountID) -> Snippet {
        let s = suffix(account)
        return Snippet(id: Self.ids(s).cli, path: "Snippets/iac/cli/setup-github-oidc\(s).sh", title: "AWS CLI: setup-github-oidc\(s).sh",
                       content: .awsCLIScript(setup(for: account)))
    }
}
