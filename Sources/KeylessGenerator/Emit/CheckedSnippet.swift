import KeylessIaC
import KeylessSyntax
import KeylessModel

/// A snippet that has been emitted, parsed back and found equal to its model. Only `SnippetChecker`
/// makes these, so a page cannot show a snippet that was not checked.
public struct CheckedSnippet: Hashable, Sendable {
    public let snippet: Snippet
    public let text: String

    init(snippet: Snippet, text: String) {
        self.snippet = snippet
        self.text = text
    }

    /// The snippet as a code block whose text is the snippet file's bytes.
    public var block: Block {
        .code(CodeSample(language: snippet.language, text: text, snippet: snippet.path, caption: snippet.title))
    }
}
