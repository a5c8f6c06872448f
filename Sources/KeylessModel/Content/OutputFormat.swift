import KeylessModel

/// The three output formats; the raw value is the folder under `docs/` and the file extension.
public enum OutputFormat: String, CaseIterable, Hashable, Sendable, Codable {
    case markdown = "md"
    case rst
    case html
}
