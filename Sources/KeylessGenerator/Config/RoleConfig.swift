import KeylessIaC
import KeylessSyntax
import KeylessModel

public struct RoleConfig: Hashable, Sendable {
    public var id: String
    public var name: String
    public var repository: String
    /// Who may assume it: the `sub` contexts admitted (branch, tag, environment, pull request).
    public var subjects: [SubjectClaim.Context]
    public var sessionName: String
    public var maxSessionDuration: Int
    /// What the role may do; nil when the guide does not know (the page says to attach the policy in IAM).
    public var permissions: PermissionsConfig?
    /// `account:` the account the role lives in, when not the configuration's `account` (a guide may
    /// span several accounts: each gets its own provider and IaC files).
    public var account: AccountID?

    public init(
        id: String, name: String, repository: String, subjects: [SubjectClaim.Context], sessionName: String,
        maxSessionDuration: Int, permissions: PermissionsConfig? = nil, account: AccountID? = nil
    ) {
        self.id = id
        self.name = name
        self.repository = repository
        self.subjects = subjects
        self.sessionName = sessionName
        self.maxSessionDuration = maxSessionDuration
        self.permissions = permissions
        self.account = account
    }

    /// The environments this role admits by name (`environment:NAME` subjects).
    public var environments: [String] {
        subjects.compactMap { if case .environment(let e) = $0 { return e } else { return nil } }
    }
}

/// A role's permissions policy: a built-in template, or a policy document in a file.
public enum PermissionsConfig: Hashable, Sendable {
    /// `template: sam-lambda`: deploy, invoke and delete a SAM stack of one Lambda function, on resources
    /// whose names start with `resourcePrefix` (proven by Tests/KeylessPolicyProofTests).
    case samLambda(resourcePrefix: String)
    /// `file: PATH` (relative to the configuration file, written at `location`), read and checked by `ConfigLoader`.
    case file(path: String, location: SourceLocation, document: PolicyDocument?)

    public static let templates = ["sam-lambda"]
}
