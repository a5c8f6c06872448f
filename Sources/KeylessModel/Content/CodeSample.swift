/// A code block. When `snippet` is set, the text is that snippet file's bytes, proven equal in every format.
public struct CodeSample: Hashable, Sendable {
    public var language: String
    public var text: String
    public var snippet: String?
    public var caption: String?

    public init(language: String, text: String, snippet: String? = nil, caption: String? = nil) {
        self.language = language
        self.text = text
        self.snippet = snippet
        self.caption = caption
    }
}
