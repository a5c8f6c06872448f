public struct Section: Hashable, Sendable {
    /// Kebab-case, unique within its page: the anchor of the heading.
    public var id: String
    public var title: String
    public var blocks: [Block]
    public var subsections: [Section]

    public init(id: String, title: String, blocks: [Block] = [], subsections: [Section] = []) {
        self.id = id
        self.title = title
        self.blocks = blocks
        self.subsections = subsections
    }
}
