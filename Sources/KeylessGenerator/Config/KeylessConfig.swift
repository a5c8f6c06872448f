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
    public var hiveKube: HiveKubeConfig
    /// `inject:` hand-written pages (paths relative to the configuration file) whose marked regions
    /// `generate` fills and `generate --check` compares, like any generated file.
    public var injectTargets: [String] = []

    public init(
        organization: String, account: AccountID, placeholders: [String], partition: String = "aws", region: String,
        provider: OIDCProvider, repositories: [RepositoryConfig], roles: [RoleConfig],
        environments: [EnvironmentConfig], hiveKube: HiveKubeConfig
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
        self.hiveKube = hiveKube
    }

    public func repository(_ id: String) -> RepositoryConfig? { repositories.first { $0.id == id } }
    public func role(_ id: String) -> RoleConfig? { roles.first { $0.id == id } }

    /// The ARN of a configured role in the configured account.
    public func roleARN(_ role: RoleConfig) -> ARN {
        .role(role.name, account: account, partition: partition)
    }

    public var providerARN: ARN { provider.arn(account: account, partition: partition) }
}
