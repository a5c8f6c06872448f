import KeylessSyntax
import Yams

/// Where a rule reports its findings: each one carries the running rule's id and severity, so a
/// finding cannot name a rule that does not exist.
package struct RuleReport {
    package let path: String
    let root: Node
    /// The rule that is running; the linter sets it before each rule's `check`.
    var rule: Rule
    package private(set) var diagnostics: [Diagnostic] = []

    init(path: String, root: Node, rule: Rule) {
        self.path = path
        self.root = root
        self.rule = rule
    }

    /// A finding of the running rule at the node `at` points to (the key node for a final key).
    package mutating func add(at: [PathItem], _ message: String) {
        let node = root.locate(at)
        diagnostics.append(Diagnostic(rule.severity, at: SourceLocation(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1), message, rule: rule.id))
    }

    /// A finding of the running rule at a line and column of the file.
    package mutating func add(line: Int, column: Int, _ message: String) {
        diagnostics.append(Diagnostic(rule.severity, at: SourceLocation(path: path, line: line, column: column), message, rule: rule.id))
    }
}
