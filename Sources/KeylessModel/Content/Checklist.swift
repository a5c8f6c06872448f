public struct Checklist: Hashable, Sendable {
    public var items: [ChecklistItem]
    public init(items: [ChecklistItem]) { self.items = items }
}
