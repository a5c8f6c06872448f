import Yams

extension Node {
    /// The value of mapping key `name`: the last pair whose key is a scalar with that text, as Yams's
    /// `node["name"]` finds it, without building a key node and comparing whole nodes for every pair (that
    /// lookup was a tenth of `check`'s time on the benchmark corpus). The analyzer asks only for GitHub's
    /// own key names, which no tag can make anything but strings.
    subscript(field name: String) -> Node? {
        guard case .mapping(let m) = self else { return nil }
        // From the end, as Yams searches; by index, because iterating a mapping first copies its pairs into
        // a new array (`Node.Mapping.makeIterator`).
        var i = m.endIndex
        while i > m.startIndex {
            i -= 1
            let pair = m[i]
            if case .scalar(let k) = pair.key, k.string == name { return pair.value }
        }
        return nil
    }

    /// A scalar's text; nil for a mapping, a list or an alias. Yams's `string` also asks a mapping for a
    /// `!!value` key, which walks every pair and resolves each key's tag: GitHub reads no such key, and
    /// that walk was a fifth of the analyzer's lookups on mappings (`secrets:`, `with:`).
    var text: String? {
        if case .scalar(let s) = self { return s.string }
        return nil
    }
}

/// The pairs of a mapping node (none for anything else), read by position: `Node.Mapping`'s own
/// iterator copies every pair into a new array first, and `map` builds another.
struct MappingPairs: Sequence {
    let mapping: Node.Mapping?

    init(_ node: Node?) {
        if case .mapping(let m)? = node { mapping = m } else { mapping = nil }
    }

    struct Iterator: IteratorProtocol {
        let mapping: Node.Mapping?
        var index: Int

        mutating func next() -> (Node, Node)? {
            guard let m = mapping, index < m.endIndex else { return nil }
            let pair = m[index]
            index += 1
            return (pair.key, pair.value)
        }
    }

    func makeIterator() -> Iterator { Iterator(mapping: mapping, index: mapping?.startIndex ?? 0) }

    var underestimatedCount: Int { mapping?.count ?? 0 }
}
