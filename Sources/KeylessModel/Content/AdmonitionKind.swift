public enum AdmonitionKind: String, Hashable, Sendable {
    case note, tip, warning, important, caution
}
