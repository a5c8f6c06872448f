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
                // By index, comparing a scalar key's text: no copy of the pairs, no tag resolved per key.
                guard let at = (m.startIndex..<m.endIndex).first(where: { j in
                    if case .scalar(let s) = m[j].key { return s.string == k }
                    return false
                }) else { return current }
                let pair = m[at]
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
