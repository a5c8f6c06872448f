/// IAM's wildcard matching: `*` is any run of characters (also none), `?` exactly one, nothing else is special
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).
public enum Wildcard {
    public static func matches(_ text: String, pattern: String, ignoringCase: Bool = false) -> Bool {
        let t = Array(ignoringCase ? text.lowercased() : text)
        let p = Array(ignoringCase ? pattern.lowercased() : pattern)
        // Iterative glob with one backtrack point: linear in practice, no recursion on hostile patterns.
        var ti = 0, pi = 0
        var star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || (p[pi] != "*" && p[pi] == t[ti]) {
                ti += 1
                pi += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
