/// One event under `on:`.
public enum Trigger: Hashable, Sendable, Codable {
    case push(EventFilter)
    case pullRequest(EventFilter)
    case pullRequestTarget(EventFilter)
    case schedule([String])
    case workflowDispatch(inputs: [WorkflowInput])
    case workflowCall(inputs: [WorkflowInput], secrets: [WorkflowSecret])

    /// The event's name as GitHub spells it under `on:` and in `github.event_name`.
    public var eventName: String {
        switch self {
        case .push: return "push"
        case .pullRequest: return "pull_request"
        case .pullRequestTarget: return "pull_request_target"
        case .schedule: return "schedule"
        case .workflowDispatch: return "workflow_dispatch"
        case .workflowCall: return "workflow_call"
        }
    }
}

/// Branch, tag and path filters of `push` and `pull_request*` events.
public struct EventFilter: Hashable, Sendable, Codable {
    public var branches: [String]
    public var tags: [String]
    public var paths: [String]
    public var types: [String]

    public init(branches: [String] = [], tags: [String] = [], paths: [String] = [], types: [String] = []) {
        self.branches = branches
        self.tags = tags
        self.paths = paths
        self.types = types
    }

    public var isEmpty: Bool { branches.isEmpty && tags.isEmpty && paths.isEmpty && types.isEmpty }
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
