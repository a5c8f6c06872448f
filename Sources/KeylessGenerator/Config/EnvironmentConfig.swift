import KeylessIaC
import KeylessSyntax
import KeylessModel

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
