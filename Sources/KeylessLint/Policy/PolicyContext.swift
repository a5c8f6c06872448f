import KeylessModel
import Yams

/// What the policy rules read, computed once per file: the decoded document, each statement with its
/// path, whether `Statement` is a single object, and the audiences accepted besides the standard ones.
package struct PolicyContext {
    package let path: String
    package let root: Node
    package let document: PolicyDocument
    package let statements: [StatementContext]
    /// `"Statement": {…}` rather than a list: paths then have no index.
    package let singleStatement: Bool
    /// Audiences accepted besides the standard STS ones (`--audience`).
    package let extraAudiences: [String]
    /// Operators taken out before decoding, for `policy-unknown-condition-operator`.
    package let removedOperators: [RemovedOperator]

    init(path: String, root: Node, document: PolicyDocument, singleStatement: Bool, extraAudiences: [String], removedOperators: [RemovedOperator]) {
        self.path = path
        self.root = root
        self.document = document
        self.singleStatement = singleStatement
        self.extraAudiences = extraAudiences
        self.removedOperators = removedOperators
        self.statements = document.statements.enumerated().map { i, s in
            StatementContext(statement: s, path: [.key("Statement")] + (singleStatement ? [] : [.index(i)]))
        }
    }
}
