import KeylessModel

/// One command line: the program and its arguments, and an optional comment line above it.
public struct ShellCommand: Hashable, Sendable {
    public var words: [String]
    public var comment: String?

    public init(_ words: [String], comment: String? = nil) {
        self.words = words
        self.comment = comment
    }
}
