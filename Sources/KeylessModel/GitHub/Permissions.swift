/// The `GITHUB_TOKEN` and OIDC scopes a workflow or job grants.
public enum Permissions: Hashable, Sendable, Codable {
    case readAll
    case writeAll
    /// Listed scopes; every scope not listed is `none`. An empty list is `permissions: {}`.
    case scopes([PermissionGrant])

    /// What this grants for one scope (`read-all` grants read everywhere but `id-token`, which has no read level).
    public func access(_ scope: PermissionScope) -> Access {
        switch self {
        case .readAll: return scope == .idToken ? .none : .read
        case .writeAll: return .write
        case .scopes(let grants): return grants.first { $0.scope == scope }?.access ?? .none
        }
    }
}

/// One `scope: access` line.
public struct PermissionGrant: Hashable, Sendable, Codable {
    public var scope: PermissionScope
    public var access: Access

    public init(_ scope: PermissionScope, _ access: Access) {
        self.scope = scope
        self.access = access
    }
}

/// Scopes GitHub documents for `permissions:`
/// (https://docs.github.com/en/actions/reference/workflow-syntax-for-github-actions#permissions).
public enum PermissionScope: String, Hashable, Sendable, Codable, CaseIterable {
    case actions, attestations, checks, contents, deployments, discussions
    case idToken = "id-token"
    case issues, models, packages, pages
    case pullRequests = "pull-requests"
    case repositoryProjects = "repository-projects"
    case securityEvents = "security-events"
    case statuses
}

public enum Access: String, Hashable, Sendable, Codable {
    case read, write, none
}
