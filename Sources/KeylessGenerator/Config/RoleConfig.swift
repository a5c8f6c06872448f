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
