import KeylessIaC
import KeylessSyntax
import KeylessModel

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
