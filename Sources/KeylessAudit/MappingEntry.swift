import Yams

/// One `key: value` of a block mapping as migrate edits it: the key's text, its node (for the line
/// it starts on) and the value's node.
struct MappingEntry {
    var key: String
    var keyNode: Node
    var value: Node
}
