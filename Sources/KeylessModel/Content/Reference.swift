public struct Reference: Hashable, Sendable {
    public var title: String
    public var url: String

    public init(_ title: String, _ url: String) {
        self.title = title
        self.url = url
    }
}
