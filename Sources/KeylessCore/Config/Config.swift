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

public struct RepositoryConfig: Hashable, Sendable {
    /// Kebab-case id other entries refer to.
    public var id: String
    public var name: String
    public var defaultBranch: String
    /// The workflow that reaches AWS, relative to the repository root.
    public var workflow: String
    /// The job in that workflow that assumes the role.
    public var job: String

    public init(id: String, name: String, defaultBranch: String, workflow: String, job: String) {
        self.id = id
        self.name = name
        self.defaultBranch = defaultBranch
        self.workflow = workflow
        self.job = job
    }
}

public struct RoleConfig: Hashable, Sendable {
    public var id: String
    public var name: String
    public var repository: String
    /// Who may assume it: the `sub` contexts admitted (branch, tag, environment, pull request).
    public var subjects: [SubjectClaim.Context]
    public var sessionName: String
    public var maxSessionDuration: Int

    public init(
        id: String, name: String, repository: String, subjects: [SubjectClaim.Context], sessionName: String,
        maxSessionDuration: Int
    ) {
        self.id = id
        self.name = name
        self.repository = repository
        self.subjects = subjects
        self.sessionName = sessionName
        self.maxSessionDuration = maxSessionDuration
    }
}

public struct EnvironmentConfig: Hashable, Sendable {
    public var id: String
    /// The GitHub environment name jobs declare with `environment:`.
    public var name: String
    /// The branch that deploys to it.
    public var branch: String

    public init(id: String, name: String, branch: String) {
        self.id = id
        self.name = name
        self.branch = branch
    }
}

/// The hive-kube inventory the seed describes (counts and naming), or a folder of workflows to audit.
public struct HiveKubeConfig: Hashable, Sendable {
    public var repository: String
    public var workflowCount: Int
    public var environments: [String]
    /// Pattern of the long-lived key secrets, with `{ENV}` for the upper-case environment.
    public var secretPattern: String
    public var rolePattern: String
    /// `workflows-dir:` as written: a repository root or workflows folder, relative to the config file.
    public var workflowsDir: String?
    /// The workflows read from `workflowsDir` by `ConfigLoader` (paths relative to it); empty otherwise.
    public var workflowFiles: [WorkflowSource]

    public init(
        repository: String, workflowCount: Int, environments: [String], secretPattern: String, rolePattern: String,
        workflowsDir: String? = nil, workflowFiles: [WorkflowSource] = []
    ) {
        self.repository = repository
        self.workflowCount = workflowCount
        self.environments = environments
        self.secretPattern = secretPattern
        self.rolePattern = rolePattern
        self.workflowsDir = workflowsDir
        self.workflowFiles = workflowFiles
    }
}

/// A workflow file's path and text, read before a pure stage (audit, generation) looks at it.
public struct WorkflowSource: Hashable, Sendable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
