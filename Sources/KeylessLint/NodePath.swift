import KeylessSyntax
import Yams

/// A path into a YAML or JSON document, to point a finding at the line that causes it.
package enum PathItem: Hashable {
    case key(String)
    case index(Int)
}

extension Node {
    /// The node at `path` (the key node for a final key, so the finding points at `key:`), or the
    /// deepest node reached when the path does not exist.
    package func locate(_ path: [PathItem]) -> Node {
        var current = self
        for (i, item) in path.enumerated() {
            switch (item, current) {
            case (.key(let k), .mapping(let m)):
                guard let pair = m.first(where: { $0.key.string == k }) else { return current }
                if i == path.count - 1 { return pair.key }
                current = pair.value
            case (.index(let n), .sequence(let s)):
                guard n < s.count else { return current }
                current = s[s.startIndex + n]
            default:
                return current
            }
        }
        return current
    }
}
