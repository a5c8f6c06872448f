/// A unified diff of two texts (line-based), for `--check` reports and `keyless migrate`.
public enum UnifiedDiff {
    public static func make(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let ops = edits(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group edits into hunks with `context` unchanged lines around each change.
        var i = 0
        while i < ops.count {
            guard ops[i].kind != .same else { i += 1; continue }
            var start = i
            var back = 0
            while start > 0 && back < context && ops[start - 1].kind == .same { start -= 1; back += 1 }
            var end = i
            var sameRun = 0
            while end < ops.count {
                if ops[end].kind == .same { sameRun += 1; if sameRun > context * 2 { break } } else { sameRun = 0 }
                end += 1
            }
            end -= max(0, sameRun - context)
            let hunk = ops[start..<end]
            let oldStart = (hunk.first?.oldIndex ?? 0) + 1
            let newStart = (hunk.first?.newIndex ?? 0) + 1
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for op in hunk {
                switch op.kind {
                case .same: out += " \(a[op.oldIndex])\n"
                case .delete: out += "-\(a[op.oldIndex])\n"
                case .insert: out += "+\(b[op.newIndex])\n"
                }
            }
            i = end
        }
        return out
    }

    struct Op {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var oldIndex: Int
        var newIndex: Int
    }

    /// The edit script from the standard library's `difference(from:)` (Myers), deletions before
    /// insertions at the same place, as diff(1) prints them.
    static func edits(_ a: [String], _ b: [String]) -> [Op] {
        let diff = b.difference(from: a)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in diff {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var ops: [Op] = []
        ops.reserveCapacity(a.count + inserted.count)
        var x = 0, y = 0
        while x < a.count || y < b.count {
            if x < a.count && removed.contains(x) {
                ops.append(Op(kind: .delete, oldIndex: x, newIndex: y)); x += 1
            } else if y < b.count && inserted.contains(y) {
                ops.append(Op(kind: .insert, oldIndex: x, newIndex: y)); y += 1
            } else {
                ops.append(Op(kind: .same, oldIndex: x, newIndex: y)); x += 1; y += 1
            }
        }
        return ops
    }
}
