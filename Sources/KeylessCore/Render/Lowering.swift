import Ccmark
import KeylessModel

/// Builds the libcmark tree of one page for one format. Tables, admonitions, anchors and
/// cross-references differ per format, so they are lowered to custom nodes that carry raw text of
/// that format; everything else is a standard CommonMark node.
struct Lowering {
    let format: OutputFormat
    let docs: DocumentSet
    let page: Page
    let tree = CMarkTree()

    init(_ format: OutputFormat, _ docs: DocumentSet, _ page: Page) {
        self.format = format
        self.docs = docs
        self.page = page
    }

    /// The whole page as a tree: title, introduction, sections.
    func build() -> CMarkTree {
        heading(level: 1, [.text(page.title)], id: nil, to: tree.root)
        blocks(page.intro, to: tree.root)
        for s in page.sections { section(s, level: 2, to: tree.root) }
        return tree
    }

    func section(_ s: Section, level: Int, to parent: OpaquePointer) {
        heading(level: level, Prose.inlines(s.title), id: s.id, to: parent)
        blocks(s.blocks, to: parent)
        for sub in s.subsections { section(sub, level: level + 1, to: parent) }
    }

    func heading(level: Int, _ content: [Inline], id: String?, to parent: OpaquePointer) {
        switch format {
        case .html:
            let anchor = id.map { " id=\"\(HTMLText.escape($0))\"" } ?? ""
            let n = tree.raw("<h\(level)\(anchor)>", "</h\(level)>", to: parent)
            inlines(content, to: n)
        case .markdown, .rst:
            if format == .rst {
                tree.raw(".. _\(id.map { "\(page.id)-\($0)" } ?? page.id):", to: parent)
            }
            let n = tree.add(CMARK_NODE_HEADING, to: parent)
            cmark_node_set_heading_level(n, Int32(level))
            inlines(content, to: n)
        }
    }

    func blocks(_ bs: [Block], to parent: OpaquePointer) {
        for b in bs { block(b, to: parent) }
    }

    func block(_ b: Block, to parent: OpaquePointer) {
        switch b {
        case .paragraph(let content):
            inlines(content, to: tree.add(CMARK_NODE_PARAGRAPH, to: parent))
        case .code(let sample):
            let n = tree.add(CMARK_NODE_CODE_BLOCK, to: parent)
            cmark_node_set_fence_info(n, sample.language)
            cmark_node_set_literal(n, sample.text)
        case .list(let ordered, let items):
            let list = tree.add(CMARK_NODE_LIST, to: parent)
            cmark_node_set_list_type(list, ordered ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST)
            cmark_node_set_list_tight(list, 1)
            for item in items { blocks(item, to: tree.add(CMARK_NODE_ITEM, to: list)) }
        case .checklist(let checklist):
            let list = tree.add(CMARK_NODE_LIST, to: parent)
            cmark_node_set_list_type(list, CMARK_BULLET_LIST)
            cmark_node_set_list_tight(list, 1)
            for item in checklist.items {
                let p = tree.add(CMARK_NODE_PARAGRAPH, to: tree.add(CMARK_NODE_ITEM, to: list))
                switch format {
                case .markdown: tree.raw(item.done ? "[x] " : "[ ] ", inline: true, to: p)
                case .html, .rst: tree.text(item.done ? "☑ " : "☐ ", to: p)
                }
                inlines(item.text, to: p)
            }
        case .table(let table):
            tree.raw(TableText.render(table, format: format, cell: cellText), to: parent)
        case .admonition(let kind, let content):
            admonition(kind, content, to: parent)
        case .diagram(let d):
            switch format {
            case .markdown:
                let n = tree.add(CMARK_NODE_CODE_BLOCK, to: parent)
                cmark_node_set_fence_info(n, "mermaid")
                cmark_node_set_literal(n, d.mermaid)
            case .html:
                tree.raw("<figure class=\"diagram\">\n\(d.svg)\n<figcaption>\(HTMLText.escape(d.alt))</figcaption>\n</figure>", to: parent)
            case .rst:
                let body = d.mermaid.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "   \($0)" }
                tree.raw(".. mermaid::\n   :alt: \(d.alt)\n\n" + body.joined(separator: "\n").trimmingTrailingNewlines(), to: parent)
            }
        }
    }

    func admonition(_ kind: AdmonitionKind, _ content: [Block], to parent: OpaquePointer) {
        let title = kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
        switch format {
        case .markdown:
            // GitHub alerts: `> [!NOTE]` on the first line of the quote.
            let quote = tree.add(CMARK_NODE_BLOCK_QUOTE, to: parent)
            let first = tree.add(CMARK_NODE_PARAGRAPH, to: quote)
            tree.raw("[!\(kind.rawValue.uppercased())]", inline: true, to: first)
            var rest = content
            if case .paragraph(let inl)? = content.first {
                tree.add(CMARK_NODE_SOFTBREAK, to: first)
                inlines(inl, to: first)
                rest.removeFirst()
            }
            blocks(rest, to: quote)
        case .html:
            let n = tree.raw(
                "<div class=\"admonition \(kind.rawValue)\" role=\"note\">\n<p class=\"admonition-title\">\(title)</p>", "</div>", to: parent)
            blocks(content, to: n)
        case .rst:
            blocks(content, to: tree.raw(".. \(kind.rawValue)::", to: parent))
        }
    }

    func inlines(_ xs: [Inline], to parent: OpaquePointer) {
        for x in xs { inline(x, to: parent) }
    }

    func inline(_ x: Inline, to parent: OpaquePointer) {
        switch x {
        case .text(let s):
            tree.text(s, to: parent)
        case .code(let s):
            cmark_node_set_literal(tree.add(CMARK_NODE_CODE, to: parent), s)
        case .emphasis(let c):
            inlines(c, to: tree.add(CMARK_NODE_EMPH, to: parent))
        case .strong(let c):
            inlines(c, to: tree.add(CMARK_NODE_STRONG, to: parent))
        case .link(let url, let c):
            let n = tree.add(CMARK_NODE_LINK, to: parent)
            cmark_node_set_url(n, url)
            inlines(c, to: n)
        case .pageRef(let target, let section, let c):
            switch format {
            case .rst:
                let label = section.map { "\(target)-\($0)" } ?? target
                let text = c.map(\.plainText).joined().filter { $0 != "<" && $0 != ">" && $0 != "`" }
                tree.raw(":ref:`\(text) <\(label)>`", inline: true, to: parent)
            case .markdown, .html:
                let n = tree.add(CMARK_NODE_LINK, to: parent)
                cmark_node_set_url(n, url(page: target, section: section))
                inlines(c, to: n)
            }
        }
    }

    /// The link to a page (and section) of the guide in this format.
    func url(page target: String, section: String?) -> String {
        let file = "\(target).\(format == .markdown ? "md" : "html")"
        guard let section else { return file }
        if format == .html { return "\(file)#\(section)" }
        // GitHub derives Markdown anchors from the heading text.
        let title = docs.page(target).flatMap { Self.sectionTitle($0.sections, section) } ?? section
        return "\(file)#\(Slug.github(Prose.inlines(title).map(\.plainText).joined()))"
    }

    static func sectionTitle(_ sections: [Section], _ id: String) -> String? {
        for s in sections {
            if s.id == id { return s.title }
            if let t = sectionTitle(s.subsections, id) { return t }
        }
        return nil
    }

    /// One table cell's inlines as text of this format.
    func cellText(_ content: [Inline]) -> String {
        let cell = Lowering(format, docs, page)
        cell.inlines(content, to: cell.tree.add(CMARK_NODE_PARAGRAPH, to: cell.tree.root))
        switch format {
        case .markdown: return cell.tree.commonmark().trimmingTrailingNewlines()
        case .html:
            let h = cell.tree.html().trimmingTrailingNewlines()
            return String(h.dropFirst(3).dropLast(4))  // <p>…</p>
        case .rst: return RSTWalker.render(cell.tree).trimmingTrailingNewlines()
        }
    }
}

/// GitHub's heading anchors: lower case, punctuation dropped (but `-` and `_`), spaces to hyphens.
enum Slug {
    static func github(_ title: String) -> String {
        var out = ""
        for c in title.lowercased() {
            if c == " " { out.append("-") } else if c.isLetter || c.isNumber || c == "-" || c == "_" { out.append(c) }
        }
        return out
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
