import KeylessModel
import Yams

/// A workflow as the first pass decoded it, with its node tree for positions, kept for the cross-file rules.
public struct DecodedWorkflow {
    public var path: String
    public var root: Node
    public var workflow: Workflow
}
