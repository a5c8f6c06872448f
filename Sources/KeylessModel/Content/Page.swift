/// A guide page: a title, an introduction and nested sections. Heading levels come from nesting,
/// so RST adornments and Markdown `#` counts can never disagree with the structure.
public struct Page: Hashable, Sendable {
    /// Kebab-case; the file name and the cross-reference label derive from it.
    public var id: String
    public var title: String
    /// One sentence for the index and the HTML `<meta name="description">`.
    public var summary: String
    public var intro: [Block]
    public var sections: [Section]

    public init(id: String, title: String, summary: String, intro: [Block] = [], sections: [Section] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        self.intro = intro
        self.sections = sections
    }
}
