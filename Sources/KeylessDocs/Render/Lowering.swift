import KeylessSyntax
import Ccmark
import KeylessModel

/// Builds the libcmark tree of one page for one target format.
///
/// Paragraphs, lists, code and plain inlines are standard CommonMark nodes, shared here. Headings,
/// checklists, tables, admonitions, diagrams and cross-references differ per format, so each format
/// lowers them itself, mostly to custom nodes whose text is already in that format (libcmark's
/// contract for `CUSTOM_BLOCK` / `CUSTOM_INLINE`: emitted verbatim, children rendered in between).
protocol PageLowering {
    var docs: DocumentSet { get }
    var page: Page { get }
    var tree: CMarkTree { get }

    init(docs: DocumentSet, page: Page)

    /// True when the page is rendered into a file outside the guide (`keyless inject`): no labels, and
    /// links to other pages of the guide become plain text, since their targets do not exist there.
    var external: Bool { get set }

    /// Everything before the introduction: banner, label, title.
    func title(to root: OpaquePointer)
    /// What follows the introduction, before the first section (the RST index's toctree).
    func afterIntro(to root: OpaquePointer)
    func heading(_ section: Section, level: Int, to parent: OpaquePointer)
    func code(_ sample: CodeSample, to parent: OpaquePointer)
    func checklist(_ checklist: Checklist, to parent: OpaquePointer)
    func table(_ table: Table, to parent: OpaquePointer)
    func admonition(_ kind: AdmonitionKind, _ content: [Block], to parent: OpaquePointer)
    func diagram(_ diagram: Diagram, to parent: OpaquePointer)
    func tabs(_ tabs: [Tab], to parent: OpaquePointer)
    func pageRef(page target: String, section: String?, _ content: [Inline], to parent: OpaquePointer)
    /// A list of items, each a list of blocks (a libcmark list by default).
    func list(ordered: Bool, _ items: [[Block]], to parent: OpaquePointer)
    /// Plain text (a libcmark text node by default, escaped by the renderer).
    func text(_ s: String, to parent: OpaquePointer)
}

extension PageLowering {
    /// The page as one tree: title, introduction, sections (heading levels come from nesting).
    func build() -> CMarkTree {
        title(to: tree.root)
        blocks(page.intro, to: tree.root)
        afterIntro(to: tree.root)
        for s in page.sections { section(s, level: 2, to: tree.root) }
        return tree
    }

    func afterIntro(to root: OpaquePointer) {}

    /// One region for `keyless inject`: the whole page (its title as a heading at `level`), or one
    /// of its sections, at the level the surrounding file needs.
    func fragment(section id: String?, level: Int) -> CMarkTree? {
        if let id {
            guard let s = Self.find(id, in: page.sections) else { return nil }
            section(s, level: level, to: tree.root)
        } else {
            section(Section(id: page.id, title: page.title, blocks: page.intro, subsections: page.sections), level: level, to: tree.root)
        }
        return tree
    }

    static func find(_ id: String, in sections: [Section]) -> Section? {
        for s in sections {
            if s.id == id { return s }
            if let found = find(id, in: s.subsections) { return found }
        }
        return nil
    }

    func section(_ s: Section, level: Int, to parent: OpaquePointer) {
        heading(s, level: level, to: parent)
        blocks(s.blocks, to: parent)
        for sub in s.subsections { section(sub, level: level + 1, to: parent) }
    }

    func blocks(_ bs: [Block], to parent: OpaquePointer) {
        for b in bs { block(b, to: parent) }
    }

    func block(_ b: Block, to parent: OpaquePointer) {
        switch b {
        case .paragraph(let content):
            inlines(content, to: tree.add(CMARK_NODE_PARAGRAPH, to: parent))
        case .code(let sample):
            code(sample, to: parent)
        case .list(let ordered, let items):
            list(ordered: ordered, items, to: parent)
        case .checklist(let c):
            checklist(c, to: parent)
        case .table(let t):
            table(t, to: parent)
        case .admonition(let kind, let content):
            admonition(kind, content, to: parent)
        case .diagram(let d):
            diagram(d, to: parent)
        case .tabs(let t):
            tabs(t, to: parent)
        }
    }

    func list(ordered: Bool, _ items: [[Block]], to parent: OpaquePointer) {
        let list = tree.list(ordered: ordered, to: parent)
        for item in items { blocks(item, to: tree.add(CMARK_NODE_ITEM, to: list)) }
    }

    func text(_ s: String, to parent: OpaquePointer) { tree.text(s, to: parent) }

    func inlines(_ xs: [Inline], to parent: OpaquePointer) {
        for x in xs { inline(x, to: parent) }
    }

    func inline(_ x: Inline, to parent: OpaquePointer) {
        switch x {
        case .text(let s): text(s, to: parent)
        case .code(let s): tree.code(s, to: parent)
        case .emphasis(let c): delimited(CMARK_NODE_EMPH, c, to: parent)
        case .strong(let c): delimited(CMARK_NODE_STRONG, c, to: parent)
        case .link(let url, let c): inlines(c, to: tree.link(url, to: parent))
        case .pageRef(let target, let section, let c): pageRef(page: target, section: section, c, to: parent)
        }
    }

    /// Emphasis. CommonMark and RST both ignore delimiters next to a space (`** x **` is not bold),
    /// so spaces at the edges move outside the node, and an empty emphasis is just its spaces.
    func delimited(_ type: cmark_node_type, _ content: [Inline], to parent: OpaquePointer) {
        let parts = DelimitedParts(content)
        guard let inner = parts.inner else {
            if !parts.lead.isEmpty { text(parts.lead, to: parent) }
            return
        }
        if !parts.lead.isEmpty { text(parts.lead, to: parent) }
        inlines(inner, to: tree.add(type, to: parent))
        if !parts.trail.isEmpty { text(parts.trail, to: parent) }
    }

    /// Section titles are one line of CommonMark in the catalog, so a title can hold `code`.
    func titleInlines(_ s: Section) -> [Inline] { Prose.inlines(s.title) }

    /// A separate tree holding one paragraph of `content`, for table cells rendered on their own.
    func cellTree(_ content: [Inline]) -> CMarkTree {
        var cell = Self(docs: docs, page: page)
        cell.external = external
        cell.inlines(content, to: cell.tree.add(CMARK_NODE_PARAGRAPH, to: cell.tree.root))
        return cell.tree
    }

    /// Header and rows, the rows padded to the header's width so every format sees a rectangle.
    func rectangular(_ t: Table) -> [[[Inline]]] {
        [t.header] + t.rows.map { $0.count >= t.header.count ? $0 : $0 + Array(repeating: [], count: t.header.count - $0.count) }
    }
}

extension AdmonitionKind {
    /// The visible title: "Note", "Warning", …
    var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// How `delimited` lays out an emphasis: the spaces at its edges moved outside, the content between.
struct DelimitedParts {
    /// Text before the node (for an empty emphasis: all its spaces, and `inner` is nil).
    var lead = ""
    /// The node's content (empty texts removed), or nil when the emphasis is only spaces.
    var inner: [Inline]?
    var trail = ""

    init(_ content: [Inline]) {
        var inner = content
        var lead = "", trail = ""
        // Most texts neither start nor end with whitespace: then nothing moves (and no count is taken).
        if case .text(let t)? = inner.first, t.first?.isWhitespace == true {
            let rest = t.drop { $0.isWhitespace }
            lead = String(t.prefix(t.count - rest.count))
            inner[0] = .text(String(rest))
        }
        if case .text(let t)? = inner.last, t.last?.isWhitespace == true {
            let rest = String(t.reversed().drop { $0.isWhitespace }.reversed())
            trail = String(t.suffix(t.count - rest.count))
            inner[inner.count - 1] = .text(rest)
        }
        if inner.allSatisfy({ $0.plainText.isEmpty }) {
            self.lead = lead + trail
            self.inner = nil
            return
        }
        self.lead = lead
        self.inner = inner.filter { $0 != .text("") }
        self.trail = trail
    }
}
