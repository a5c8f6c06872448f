public struct ChecklistItem: Hashable, Sendable {
    public var text: [Inline]
    public var done: Bool

    public init(_ text: [Inline], done: Bool = false) {
        self.text = text
        self.done = done
    }
}
