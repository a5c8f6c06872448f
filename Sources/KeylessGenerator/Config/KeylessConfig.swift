import KeylessIaC
import KeylessSyntax
import KeylessModel

/// The values that vary per organisation, read from `docs-src/keyless.yml` and validated.
public struct KeylessConfig: Hashable, Sendable {
    public var organization: String
    public var account: AccountID
    public var placeholders: [String]
    public var partition: String
    public var region: String
    public var provider: OIDCProvider
    public var repositories: [RepositoryConfig]
    public var roles: [RoleConfig]
    public var environments: [EnvironmentConfig]
    /// The pages to publish besides the index, trust-policy examples, troubleshooting and rules.
    public var pages: [PageConfig]
    /// The repository and role the general pages (troubleshooting, trust-policy examples) show.
    public var exampleRepository: String
    public var exampleRole: String
    /// `inject:` hand-written pages (paths relative to the configuration file) whose marked regions
    /// `generate` fills and `generate --check` compares, like any generated file.
    public var injectTargets: [String] = []

    public init(
        organization: String, account: AccountID, placeholders: [String], partition: String = "aws", region: String,
        provider: OIDCProvider, repositories: [RepositoryConfig], roles: [RoleConfig],
        environments: [EnvironmentConfig], pages: [PageConfig] = [], exampleRepository: String? = nil, exampleRole: String? = nil
    ) {
        self.organization = organization
        self.account = account
        self.placeholders = placeholders
        self.partition = partition
        self.region = region
        self.provider = provider
        self.repositories = repositories
        self.roles = roles
        self.environments = environments
        self.pages = pages
        self.exampleRepository = exampleRepository ?? repositories.first?.id ?? ""
        self.exampleRole = exampleRole ?? roles.first?.id ?? ""
    }

    public func repository(_ id: String) -> RepositoryConfig? { repositories.first { $0.id == id } }
    public func role(_ id: String) -> RoleConfig? { roles.first { $0.id == id } }

    /// The ARN of a configured role in the configured account.
    public func roleARN(_ role: RoleConfig) -> ARN {
        .role(role.name, account: account(of: role), partition: partition)
    }

    /// The account a role lives in: its own `account`, else the configuration's.
    public func account(of role: RoleConfig) -> AccountID { role.account ?? account }

    /// Every account of the guide, the configuration's first, then the roles' in order of appearance.
    public var accounts: [AccountID] {
        var list = [account]
        for r in roles { let a = account(of: r); if !list.contains(a) { list.append(a) } }
        return list
    }

    /// The OIDC provider's ARN in one account (each account has its own provider).
    public func providerARN(in account: AccountID) -> ARN { provider.arn(account: account, partition: partition) }

    /// The roles of one repository, in configuration order.
    public func roles(of repository: String) -> [RoleConfig] { roles.filter { $0.repository == repository } }

    /// The role a repository's jobs in `environment` assume: the one that admits `environment:NAME`.
    public func role(of repository: String, environment: String) -> RoleConfig? {
        // No intermediate arrays: pages ask this for every job of every environment.
        roles.first { $0.repository == repository && $0.subjects.contains(.environment(environment)) }
    }

    /// The role of a repository's jobs that declare no environment: its first role without environment subjects.
    public func refRole(of repository: String) -> RoleConfig? {
        roles.first { r in
            r.repository == repository && !r.subjects.contains { if case .environment = $0 { return true } else { return false } }
        }
    }

    /// The Lambda page's settings, when it is published.
    public var lambdaPage: LambdaPageConfig? {
        pages.lazy.compactMap { if case .lambda(let l) = $0 { return l } else { return nil } }.first
    }

    /// The repositories with a migration page, in `pages:` order.
    public var migrationRepositories: [RepositoryConfig] {
        pages.compactMap { if case .migration(let id) = $0 { return repository(id) } else { return nil } }
    }

    public var providerARN: ARN { provider.arn(account: account, partition: partition) }
}
