import KeylessModel

/// The output formats; the raw value is the folder under `docs/` (and the file extension, except for
/// `mkdocs`, whose pages are `.md` files under `docs/mkdocs/docs/` beside its `mkdocs.yml`).
public enum OutputFormat: String, CaseIterable, Hashable, Sendable, Codable {
    case markdown = "md"
    case rst
    case html
    /// Markdown for MkDocs with the Material theme (Python-Markdown with pymdown-extensions).
    case mkdocs
}

extension OutputFormat {
    /// Where a renderer of this format writes the page with this id.
    public func pagePath(_ id: String) -> String {
        self == .mkdocs ? "docs/mkdocs/docs/\(id).md" : "docs/\(rawValue)/\(id).\(rawValue)"
    }
}
