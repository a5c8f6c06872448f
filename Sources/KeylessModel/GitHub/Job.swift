/// A job: either steps on a runner, or a call to a reusable workflow (`uses:`).
public struct Job: Hashable, Sendable, Codable {
    public var id: String
    public var name: String?
    public var runsOn: String?
    public var needs: [String]
    public var condition: Expression?
    public var environment: JobEnvironment?
    public var permissions: Permissions?
    public var timeoutMinutes: Int?
    public var concurrency: Concurrency?
    public var env: [KeyValue]
    public var steps: [Step]
    /// `uses:` of a reusable workflow (`./.github/workflows/x.yml` or `owner/repo/path@ref`).
    public var uses: String?
    public var with: [KeyValue]
    public var secrets: JobSecrets?

    public init(
        id: String, name: String? = nil, runsOn: String? = nil, needs: [String] = [],
        condition: Expression? = nil, environment: JobEnvironment? = nil, permissions: Permissions? = nil,
        timeoutMinutes: Int? = nil, concurrency: Concurrency? = nil, env: [KeyValue] = [], steps: [Step] = [],
        uses: String? = nil, with: [KeyValue] = [], secrets: JobSecrets? = nil
    ) {
        self.id = id
        self.name = name
        self.runsOn = runsOn
        self.needs = needs
        self.condition = condition
        self.environment = environment
        self.permissions = permissions
        self.timeoutMinutes = timeoutMinutes
        self.concurrency = concurrency
        self.env = env
        self.steps = steps
        self.uses = uses
        self.with = with
        self.secrets = secrets
    }
}

/// `environment:` as a bare name or as `{name, url}`.
public struct JobEnvironment: Hashable, Sendable, Codable {
    public var name: ScalarValue
    public var url: String?
    /// Written as `environment: NAME` rather than a mapping.
    public var isShortForm: Bool

    public init(name: ScalarValue, url: String? = nil, isShortForm: Bool? = nil) {
        self.name = name
        self.url = url
        self.isShortForm = isShortForm ?? (url == nil)
    }
}

/// `secrets:` of a job that calls a reusable workflow.
public enum JobSecrets: Hashable, Sendable, Codable {
    case inherit
    case explicit([KeyValue])
}
