import KeylessModel

/// A workflow file's path and text, read before a pure stage (audit, generation) looks at it.
public struct WorkflowSource: Hashable, Sendable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
