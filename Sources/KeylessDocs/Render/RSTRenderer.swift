import KeylessSyntax
import Ccmark
import Foundation
import KeylessModel

/// reStructuredText for Sphinx, one file per page, written by the project's own walker over the
/// libcmark tree (libcmark has no RST renderer).
public struct RSTRenderer: DocumentRenderer {
    public init() {}

    public var format: OutputFormat { .rst }

    /// One `docs/rst/PAGE-ID.rst` per page; `index.rst` also holds the toctree of all other pages.
    public func render(_ documents: DocumentSet) throws -> [RenderedFile] {
        documents.pages.map { RenderedFile(path: "docs/rst/\($0.id).rst", contents: renderPage($0, in: documents)) }
    }

    /// The RST text of one page.
    public func renderPage(_ page: Page, in documents: DocumentSet) -> String {
        RSTWriter.render(RSTLowering(docs: documents, page: page).build())
    }
}

/// Page → libcmark tree for Sphinx. Labels, directives and roles are custom nodes holding RST; a
/// custom block's children become the directive's indented body (see `RSTWriter`).
struct RSTLowering: PageLowering {
    let docs: DocumentSet
    let page: Page
    let tree = CMarkTree()
    var external = false

    init(docs: DocumentSet, page: Page) {
        self.docs = docs
        self.page = page
    }

    func title(to root: OpaquePointer) {
        tree.rawBlock(".. \(Banner.text)", to: root)
        tree.rawBlock(".. _\(page.id):", to: root)
        tree.text(page.title, to: tree.heading(level: 1, to: root))
    }

    func afterIntro(to root: OpaquePointer) {
        // Sphinx warns about documents outside every toctree. Hidden, because the index links the pages
        // itself; before the first section, so Sphinx's navigation nests the pages under the index.
        guard page.id == "index" else { return }
        let entries = docs.pages.map(\.id).filter { $0 != "index" }.map { "   \($0)" }
        tree.rawBlock(([".. toctree::", "   :hidden:", "   :maxdepth: 2", ""] + entries).joined(separator: "\n"), to: root)
    }

    func heading(_ section: Section, level: Int, to parent: OpaquePointer) {
        if !external { tree.rawBlock(".. _\(label(page.id, section.id)):", to: parent) }
        inlines(titleInlines(section), to: tree.heading(level: level, to: parent))
    }

    /// The cross-reference label of a page or one of its sections.
    func label(_ page: String, _ section: String?) -> String {
        section.map { "\(page)-\($0)" } ?? page
    }

    func code(_ sample: CodeSample, to parent: OpaquePointer) {
        // The info string carries the directive argument, then option lines, which `RSTWriter` indents.
        var info = sample.language.isEmpty ? "text" : sample.language
        if let caption = sample.caption { info += "\n:caption: " + RSTText.escape(caption) }
        tree.codeBlock(sample.text, info: info, to: parent)
    }

    func checklist(_ checklist: Checklist, to parent: OpaquePointer) {
        let list = tree.list(ordered: false, to: parent)
        for item in checklist.items {
            let p = tree.add(CMARK_NODE_PARAGRAPH, to: tree.add(CMARK_NODE_ITEM, to: list))
            tree.text(item.done ? "☑ " : "☐ ", to: p)
            inlines(item.text, to: p)
        }
    }

    func table(_ table: Table, to parent: OpaquePointer) {
        var lines = [".. list-table::", "   :header-rows: 1"]
        for row in rectangular(table) {
            lines.append("")
            for (i, content) in row.enumerated() {
                let text = cell(content)
                let marker = i == 0 ? "   * -" : "     -"
                lines.append(text.isEmpty ? marker : "\(marker) \(text)")
            }
        }
        tree.rawBlock(lines.joined(separator: "\n"), to: parent)
    }

    /// One table cell's RST: its paragraph as `RSTWriter` writes it, without the trailing newline.
    func cell(_ content: [Inline]) -> String {
        // The writer's output for one paragraph is its line and a newline (`render`), trimmed here as there.
        if let pieces = Self.pieces(content) { return (RSTText.line(pieces) + "\n").droppingTrailingNewlines() }
        return RSTWriter.render(cellTree(content)).droppingTrailingNewlines()
    }

    /// The pieces `RSTWriter` reads from a paragraph of these inlines, when they are plain text, code and
    /// emphasis of those (table cells, mostly): the same calls the walk makes on the paragraph's nodes,
    /// without building them. Nil for anything else, or for text with a NUL byte (libcmark would cut it there).
    static func pieces(_ content: [Inline]) -> [RSTText.Piece]? {
        var pieces: [RSTText.Piece] = []
        func flat(_ x: Inline) -> String? {
            switch x {
            case .text(let s), .code(let s): return s.utf8.contains(0) ? nil : s
            default: return nil
            }
        }
        for x in content {
            switch x {
            case .text(let s):
                guard !s.utf8.contains(0) else { return nil }
                pieces.append(.text(RSTText.escape(s)))
            case .code(let s):
                guard !s.utf8.contains(0) else { return nil }
                pieces += RSTText.literal(s)
            case .emphasis(let c), .strong(let c):
                // `delimited`: the edges' spaces as text nodes, the node's text taken whole (`plainText`).
                let parts = DelimitedParts(c)
                guard !parts.lead.utf8.contains(0), !parts.trail.utf8.contains(0) else { return nil }
                if !parts.lead.isEmpty { pieces.append(.text(RSTText.escape(parts.lead))) }
                guard let inner = parts.inner else { continue }
                var plain = ""
                for i in inner {
                    guard let s = flat(i) else { return nil }
                    plain += s
                }
                if case .emphasis = x { pieces += RSTText.wrap(plain, delimiter: "*") } else { pieces += RSTText.wrap(plain, delimiter: "**") }
                if !parts.trail.isEmpty { pieces.append(.text(RSTText.escape(parts.trail))) }
            default:
                return nil
            }
        }
        return pieces
    }

    func admonition(_ kind: AdmonitionKind, _ content: [Block], to parent: OpaquePointer) {
        blocks(content, to: tree.rawBlock(".. \(kind.rawValue)::", to: parent))
    }

    func diagram(_ diagram: Diagram, to parent: OpaquePointer) {
        let source = diagram.mermaid.droppingTrailingNewlines().split(separator: "\n", omittingEmptySubsequences: false)
        let alt = diagram.alt.split(whereSeparator: \.isNewline).joined(separator: " ")
        let lines = [".. mermaid::", "   :alt: \(alt)", ""] + source.map { $0.isEmpty ? "" : "   \($0)" }
        tree.rawBlock(lines.joined(separator: "\n"), to: parent)
    }

    func tabs(_ tabs: [Tab], to parent: OpaquePointer) {
        // sphinx-tabs: each `.. tab::` is a child directive of `.. tabs::`; RSTWriter indents the bodies.
        let group = tree.rawBlock(".. tabs::", to: parent)
        for t in tabs {
            blocks(t.blocks, to: tree.rawBlock(".. tab:: \(t.title.split(whereSeparator: \.isNewline).joined(separator: " "))", to: group))
        }
    }

    func pageRef(page target: String, section: String?, _ content: [Inline], to parent: OpaquePointer) {
        if external {
            inlines(content, to: parent)
            return
        }
        let text = RSTText.interpreted(content.map(\.plainText).joined())
        let target = label(target, section)
        tree.rawInline(text.isEmpty ? ":ref:`\(target)`" : ":ref:`\(text) <\(target)>`", to: parent)
    }
}
