/// A unified diff of two texts (line-based, longest common subsequence), for `--check` reports.
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

    /// Edit script by LCS over the lines between the common prefix and suffix (files here are small).
    static func edits(_ a: [String], _ b: [String]) -> [Op] {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let am = Array(a[prefix..<(a.count - suffix)]), bm = Array(b[prefix..<(b.count - suffix)])
        var ops = (0..<prefix).map { Op(kind: .same, oldIndex: $0, newIndex: $0) }
        if am.count * bm.count > 4_000_000 {
            // Too large for a table: show the middle as replaced wholesale.
            ops += am.indices.map { Op(kind: .delete, oldIndex: prefix + $0, newIndex: prefix) }
            ops += bm.indices.map { Op(kind: .insert, oldIndex: prefix + am.count, newIndex: prefix + $0) }
        } else {
            var lcs = [[Int]](repeating: [Int](repeating: 0, count: bm.count + 1), count: am.count + 1)
            for x in stride(from: am.count - 1, through: 0, by: -1) {
                for y in stride(from: bm.count - 1, through: 0, by: -1) {
                    lcs[x][y] = am[x] == bm[y] ? lcs[x + 1][y + 1] + 1 : max(lcs[x + 1][y], lcs[x][y + 1])
                }
            }
            var x = 0, y = 0
            while x < am.count || y < bm.count {
                if x < am.count && y < bm.count && am[x] == bm[y] {
                    ops.append(Op(kind: .same, oldIndex: prefix + x, newIndex: prefix + y)); x += 1; y += 1
                } else if x < am.count && (y == bm.count || lcs[x + 1][y] >= lcs[x][y + 1]) {
                    // Deletions first, as diff(1) prints them.
                    ops.append(Op(kind: .delete, oldIndex: prefix + x, newIndex: prefix + y)); x += 1
                } else {
                    ops.append(Op(kind: .insert, oldIndex: prefix + x, newIndex: prefix + y)); y += 1
                }
            }
        }
        ops += (0..<suffix).map { Op(kind: .same, oldIndex: a.count - suffix + $0, newIndex: b.count - suffix + $0) }
        return ops
    }
}
