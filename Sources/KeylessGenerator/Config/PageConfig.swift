import KeylessSyntax

/// One page of `pages:` the configuration asks for (the index, trust-policy examples, troubleshooting and
/// rules pages are always published).
public enum PageConfig: Hashable, Sendable {
    /// `kind: lambda`: moving one job that deploys and tests a SAM Lambda stack to a role, with the role's
    /// `sam-lambda` permissions and, optionally, one role per branch.
    case lambda(LambdaPageConfig)
    /// `kind: migration`: a repository's status from its audit, and its plan from `keyless migrate`.
    case migration(repository: String)
}

public struct LambdaPageConfig: Hashable, Sendable {
    public var repository: String
    public var role: String
    /// `branch-roles: [DEFAULT-BRANCH ROLE, OTHER ROLE]`: the "one role per branch" section, when given.
    public var branchRoles: [String]

    public init(repository: String, role: String, branchRoles: [String] = []) {
        self.repository = repository
        self.role = role
        self.branchRoles = branchRoles
    }
}
