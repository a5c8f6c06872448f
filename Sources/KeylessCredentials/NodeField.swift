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
}
