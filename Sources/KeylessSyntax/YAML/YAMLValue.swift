/// An ordered YAML document tree with optional teaching comments: what the emitter writes.
///
/// Keys keep the order they were built in, so the same model always gives the same bytes.
public indirect enum YAMLValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case sequence([YAMLValue])
    case mapping([YAMLEntry])
    /// A string scalar with a local tag, such as CloudFormation's `!Ref X` and `!Sub '…'`.
    case tagged(String, String)

    /// An empty mapping, written as `{}` (for example `permissions: {}`).
    public static let emptyMapping = YAMLValue.mapping([])
}

/// One `key: value` pair, with an optional comment written at the end of the key's line.
public struct YAMLEntry: Equatable, Sendable {
    public var key: String
    public var value: YAMLValue
    public var comment: String?

    public init(_ key: String, _ value: YAMLValue, comment: String? = nil) {
        self.key = key
        self.value = value
        self.comment = comment
    }
}

extension YAMLValue {
    /// Sets the comment on the entry at `path` (mapping keys; sequence items by index as a decimal string).
    /// Returns false when the path does not exist, so a comment can never silently go missing.
    public mutating func setComment(_ comment: String, at path: [String]) -> Bool {
        guard let head = path.first else { return false }
        let rest = Array(path.dropFirst())
        switch self {
        case .mapping(var entries):
            guard let i = entries.firstIndex(where: { $0.key == head }) else { return false }
            if rest.isEmpty {
                entries[i].comment = comment
            } else if !entries[i].value.setComment(comment, at: rest) {
                return false
            }
            self = .mapping(entries)
            return true
        case .sequence(var items):
            guard let i = Int(head), items.indices.contains(i), !rest.isEmpty else { return false }
            guard items[i].setComment(comment, at: rest) else { return false }
            self = .sequence(items)
            return true
        default:
            return false
        }
    }
}
