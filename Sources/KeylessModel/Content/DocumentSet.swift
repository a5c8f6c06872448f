import KeylessModel

/// The guide as a set of pages, ready to render. The page with id `index` is the landing page.
public struct DocumentSet: Hashable, Sendable {
    public var title: String
    public var pages: [Page]

    public init(title: String, pages: [Page]) {
        self.title = title
        self.pages = pages
    }

    public func page(_ id: String) -> Page? { pages.first { $0.id == id } }
}
