import KeylessModel

/// One output file: a path relative to the output root and its complete contents.
public struct RenderedFile: Hashable, Sendable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
