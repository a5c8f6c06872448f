public indirect enum Block: Hashable, Sendable {
    case paragraph([Inline])
    case code(CodeSample)
    case list(ordered: Bool, items: [[Block]])
    case checklist(Checklist)
    case table(Table)
    case admonition(AdmonitionKind, [Block])
    /// A diagram or figure given as raw text per format (for example a mermaid block); `alt` is its text alternative.
    case diagram(Diagram)
    /// Alternatives a reader picks one of (Console, CLI, Terraform, …): sphinx-tabs in RST, labelled
    /// sections in Markdown and HTML.
    case tabs([Tab])
}
