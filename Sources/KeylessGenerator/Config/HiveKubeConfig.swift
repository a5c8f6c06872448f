import KeylessIaC
import KeylessSyntax
import KeylessModel

/// The hive-kube inventory the status analysis of 2025-11-12 describes (counts and naming), or a folder of workflows to audit.
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
