import KeylessIaC
import KeylessSyntax
import KeylessModel

/// One repository of the organisation: its name, and where its workflows are when the guide reports on them.
public struct RepositoryConfig: Hashable, Sendable {
    /// Kebab-case id other entries refer to.
    public var id: String
    public var name: String
    public var defaultBranch: String
    /// The workflow that reaches AWS, relative to the repository root (the Lambda page's subject).
    public var workflow: String?
    /// The job in that workflow that assumes the role.
    public var job: String?
    /// `workflows-dir:` as written: a checkout or a workflows folder, relative to the configuration file.
    public var workflowsDir: String?
    /// Where `workflows-dir` is written, for diagnostics about the folder.
    public var workflowsDirLocation: SourceLocation?
    /// `workflows:` a count of workflows when the folder cannot be read (an inventory, not an audit).
    public var workflowCount: Int?
    /// The environments its workflows deploy to, in the order its page lists them.
    public var environments: [String]
    /// The long-lived key secrets' names, with `{ENV}` for the upper-case environment (optional).
    public var secretPattern: String?
    /// Markdown written before the generated page's own introduction (what a reader should know first).
    public var intro: String?
    /// A repository whose migration comes first; its page is linked as the worked example.
    public var follows: String?
    /// The workflows read from `workflowsDir` by `ConfigLoader` (paths relative to the repository root).
    public var workflowFiles: [WorkflowSource] = []

    public init(
        id: String, name: String, defaultBranch: String = "main", workflow: String? = nil, job: String? = nil,
        workflowsDir: String? = nil, workflowCount: Int? = nil, environments: [String] = [], secretPattern: String? = nil,
        intro: String? = nil, follows: String? = nil
    ) {
        self.id = id
        self.name = name
        self.defaultBranch = defaultBranch
        self.workflow = workflow
        self.job = job
        self.workflowsDir = workflowsDir
        self.workflowCount = workflowCount
        self.environments = environments
        self.secretPattern = secretPattern
        self.intro = intro
        self.follows = follows
    }

    /// The repository has a migration page: its workflows are read, or at least counted.
    public var hasWorkflows: Bool { workflowsDir != nil || workflowCount != nil }

    /// The key secret of an environment (`{ENV}` replaced), with `suffix` in place of `_KEY_ID`.
    public func secret(_ env: String, suffix: String = "_KEY_ID") -> String? {
        secretPattern.map {
            $0.replacingOccurrences(of: "{ENV}", with: env.uppercased()).replacingOccurrences(of: "_KEY_ID", with: suffix)
        }
    }
}
