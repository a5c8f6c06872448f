/// A release of an action pinned to its commit, with where the SHA was read.
public struct ActionPin: Hashable, Sendable {
    public var repository: String
    public var version: String
    public var sha: String
    /// `runs.using` of that release's action.yml (`node24`, `composite`, …).
    public var runtime: String
    public var source: String

    public init(repository: String, version: String, sha: String, runtime: String, source: String) {
        self.repository = repository
        self.version = version
        self.sha = sha
        self.runtime = runtime
        self.source = source
    }

    /// `owner/repo@SHA`, the reference reference output uses.
    public var ref: ActionRef {
        let parts = repository.split(separator: "/", maxSplits: 1).map(String.init)
        return ActionRef(owner: parts[0], repo: parts.count > 1 ? parts[1] : "", ref: sha)
    }
}

/// The runtime an older major of an action runs on, for the deprecated-runtime rule.
public struct ActionMajor: Hashable, Sendable {
    public var repository: String
    public var major: String
    public var runtime: String

    public init(repository: String, major: String, runtime: String) {
        self.repository = repository
        self.major = major
        self.runtime = runtime
    }
}

/// The one table of pinned actions and known majors.
public struct ActionPins: Hashable, Sendable {
    public var pins: [ActionPin]
    public var majors: [ActionMajor]

    public init(pins: [ActionPin], majors: [ActionMajor] = []) {
        self.pins = pins
        self.majors = majors
    }

    public static let empty = ActionPins(pins: [])

    public func pin(_ repository: String) -> ActionPin? {
        pins.first { $0.repository == repository }
    }

    /// The version comment for a reference pinned to a SHA in the table (`v5.0.0`), if any.
    public func version(of ref: ActionRef) -> String? {
        pins.first { $0.repository == ref.repository && $0.sha == ref.ref }?.version
    }
}
