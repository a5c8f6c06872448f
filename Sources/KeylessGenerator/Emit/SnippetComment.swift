import KeylessIaC
import KeylessSyntax
import KeylessModel

/// `# text` at the end of the line holding `path` (mapping keys, and list indexes as decimal strings).
public struct SnippetComment: Hashable, Sendable {
    public var path: [String]
    public var text: String

    public init(_ path: [String], _ text: String) {
        self.path = path
        self.text = text
    }
}
