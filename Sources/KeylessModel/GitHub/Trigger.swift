/// One event under `on:`.
public enum Trigger: Hashable, Sendable, Codable {
    case push(EventFilter)
    case pullRequest(EventFilter)
    case pullRequestTarget(EventFilter)
    case schedule([String])
    case workflowDispatch(inputs: [WorkflowInput])
    case workflowCall(inputs: [WorkflowInput], secrets: [WorkflowSecret])
    /// Any other event (`release`, `workflow_run`, `merge_group`, …) with the filters it was given; where
    /// its runs happen is `GitHubEvent.runRef(of:)`.
    case other(name: String, filter: EventFilter)

    /// The event's name as GitHub spells it under `on:` and in `github.event_name`.
    public var eventName: String {
        switch self {
        case .push: return "push"
        case .pullRequest: return "pull_request"
        case .pullRequestTarget: return "pull_request_target"
        case .schedule: return "schedule"
        case .workflowDispatch: return "workflow_dispatch"
        case .workflowCall: return "workflow_call"
        case .other(let name, _): return name
        }
    }
}

/// Branch, tag and path filters of `push` and `pull_request*` events (and of the other events that take
/// some of them, such as `workflow_run`). `*-ignore` lists exclude: they never name a ref a run is for.
public struct EventFilter: Hashable, Sendable, Codable {
    public var branches: [String]
    public var branchesIgnore: [String]
    public var tags: [String]
    public var tagsIgnore: [String]
    public var paths: [String]
    public var pathsIgnore: [String]
    public var types: [String]
    /// `workflow_run.workflows`: the workflows whose runs trigger this one.
    public var workflows: [String]

    public init(
        branches: [String] = [], branchesIgnore: [String] = [], tags: [String] = [], tagsIgnore: [String] = [],
        paths: [String] = [], pathsIgnore: [String] = [], types: [String] = [], workflows: [String] = []
    ) {
        self.branches = branches
        self.branchesIgnore = branchesIgnore
        self.tags = tags
        self.tagsIgnore = tagsIgnore
        self.paths = paths
        self.pathsIgnore = pathsIgnore
        self.types = types
        self.workflows = workflows
    }

    public var isEmpty: Bool {
        branches.isEmpty && branchesIgnore.isEmpty && tags.isEmpty && tagsIgnore.isEmpty && paths.isEmpty
            && pathsIgnore.isEmpty && types.isEmpty && workflows.isEmpty
    }

    /// `branches` or `branches-ignore` is given: GitHub then runs the event for no tag unless a tag filter is given too.
    public var filtersBranches: Bool { !branches.isEmpty || !branchesIgnore.isEmpty }
    /// `tags` or `tags-ignore` is given: GitHub then runs the event for no branch unless a branch filter is given too.
    public var filtersTags: Bool { !tags.isEmpty || !tagsIgnore.isEmpty }
}

/// An input of `workflow_dispatch` or `workflow_call`.
public struct WorkflowInput: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case string, boolean, number, choice, environment }

    public var id: String
    public var description: String?
    public var required: Bool?
    public var type: Kind?
    public var defaultValue: ScalarValue?
    public var options: [String]

    public init(
        id: String, description: String? = nil, required: Bool? = nil, type: Kind? = nil,
        defaultValue: ScalarValue? = nil, options: [String] = []
    ) {
        self.id = id
        self.description = description
        self.required = required
        self.type = type
        self.defaultValue = defaultValue
        self.options = options
    }
}

/// A secret declared by a reusable workflow under `workflow_call.secrets`.
public struct WorkflowSecret: Hashable, Sendable, Codable {
    public var id: String
    public var description: String?
    public var required: Bool?

    public init(id: String, description: String? = nil, required: Bool? = nil) {
        self.id = id
        self.description = description
        self.required = required
    }
}
