import KeylessSyntax
import Ccmark
import Foundation
import KeylessModel

/// GitHub-flavoured Markdown, one file per page, rendered by libcmark's CommonMark renderer.
public struct MarkdownRenderer: DocumentRenderer {
    public init() {}

    public var format: OutputFormat { .markdown }

    /// One `docs/md/PAGE-ID.md` per page.
    public func render(_ documents: DocumentSet) throws -> [RenderedFile] {
        documents.pages.map { RenderedFile(path: "docs/md/\($0.id).md", contents: renderPage($0, in: documents)) }
    }

    /// The Markdown text of one page.
    public func renderPage(_ page: Page, in documents: DocumentSet) -> String {
        MarkdownText.tidy(MarkdownLowering(docs: documents, page: page).build().commonmark())
    }
}

/// Page → libcmark tree for GitHub. libcmark knows no tables, alerts or task lists, so those are
/// custom nodes holding GitHub's own syntax.
struct MarkdownLowering: PageLowering {
    let docs: DocumentSet
    let page: Page
    let tree = CMarkTree()
    var external = false

    init(docs: DocumentSet, page: Page) {
        self.docs = docs
        self.page = page
    }

    func title(to root: OpaquePointer) {
        tree.rawBlock("<!-- \(MarkdownText.comment(Banner.text)) -->", to: root)
        tree.text(page.title, to: tree.heading(level: 1, to: root))
    }

    func heading(_ section: Section, level: Int, to parent: OpaquePointer) {
        inlines(titleInlines(section), to: tree.heading(level: level, to: parent))
    }

    func code(_ sample: CodeSample, to parent: OpaquePointer) {
        if let caption = sample.caption {
            let p = tree.add(CMARK_NODE_PARAGRAPH, to: parent)
            tree.text(caption, to: tree.add(CMARK_NODE_EMPH, to: p))
        }
        tree.codeBlock(sample.text, info: sample.language, to: parent)
    }

    func checklist(_ checklist: Checklist, to parent: OpaquePointer) {
        let list = tree.list(ordered: false, to: parent)
        for item in checklist.items {
            let p = tree.add(CMARK_NODE_PARAGRAPH, to: tree.add(CMARK_NODE_ITEM, to: list))
            // Raw, or libcmark would escape the brackets and GitHub would show "[x]" instead of a checkbox.
            tree.rawInline(item.done ? "[x] " : "[ ] ", to: p)
            inlines(item.text, to: p)
        }
    }

    func table(_ table: Table, to parent: OpaquePointer) {
        let rows = rectangular(table).map { $0.map(cell) }
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        let delimiter = "|" + String(repeating: " --- |", count: table.header.count)
        tree.rawBlock(([line(rows[0]), delimiter] + rows.dropFirst().map(line)).joined(separator: "\n"), to: parent)
    }

    func cell(_ content: [Inline]) -> String {
        MarkdownText.cell(cellTree(content).commonmark())
    }

    func admonition(_ kind: AdmonitionKind, _ content: [Block], to parent: OpaquePointer) {
        // A GitHub alert: the quote's first line is exactly `[!NOTE]`; a leading paragraph follows after a line break.
        let quote = tree.add(CMARK_NODE_BLOCK_QUOTE, to: parent)
        let first = tree.add(CMARK_NODE_PARAGRAPH, to: quote)
        tree.rawInline("[!\(kind.rawValue.uppercased())]", to: first)
        var rest = content[...]
        if case .paragraph(let lead)? = rest.first {
            tree.add(CMARK_NODE_SOFTBREAK, to: first)
            inlines(lead, to: first)
            rest = rest.dropFirst()
        }
        blocks(Array(rest), to: quote)
    }

    func diagram(_ diagram: Diagram, to parent: OpaquePointer) {
        tree.codeBlock(diagram.mermaid, info: "mermaid", to: parent)
    }

    func tabs(_ tabs: [Tab], to parent: OpaquePointer) {
        // GitHub has no tabs: each alternative is a section with its name in bold, "Option: …".
        for t in tabs {
            let p = tree.add(CMARK_NODE_PARAGRAPH, to: parent)
            inlines([.strong([.text("Option: \(t.title)")])], to: p)
            blocks(t.blocks, to: parent)
        }
    }

    func pageRef(page target: String, section: String?, _ content: [Inline], to parent: OpaquePointer) {
        if external {
            inlines(content, to: parent)
            return
        }
        var url = "\(target).md"
        if let section {
            url += "#" + (docs.page(target).flatMap { GitHubSlug.anchors(of: $0)[section] } ?? section)
        }
        inlines(content, to: tree.link(url, to: parent))
    }
}

/// Escaping for the raw Markdown the lowering writes itself (libcmark escapes everything else).
enum MarkdownText {
    /// One table cell from rendered inline Markdown: a pipe would end the cell, a newline the row.
    static func cell(_ markdown: String) -> String {
        // Bytes, not Characters: tables are the bulk of large guides.
        let text = markdown.droppingTrailingNewlines()
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "|"):
                out.append(UInt8(ascii: "\\"))
                out.append(b)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: " "))
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text for an HTML comment, which `--` would end early in strict parsers.
    static func comment(_ text: String) -> String {
        text.replacingOccurrences(of: "--", with: "- -")
    }

    /// libcmark prefixes blank lines inside block quotes and list items with `> ` or spaces. Those
    /// trailing spaces mean nothing (the blank line reads the same), so they go; lines with any
    /// other content are left alone, so a code sample's bytes are never touched.
    static func tidy(_ markdown: String) -> String {
        // Line by line on bytes: a line of only spaces and `>` loses its trailing spaces.
        var markdown = markdown
        return markdown.withUTF8 { all in
            let bytes = UnsafeBufferPointer(rebasing: all[0..<all.countWithoutTrailingNewlines])
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 1)
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 10 { end += 1 }
                let line = bytes[start..<end]
                if line.allSatisfy({ $0 == 32 || $0 == 62 }) {
                    var last = end
                    while last > start, bytes[last - 1] == 32 { last -= 1 }
                    out += bytes[start..<last]
                } else {
                    out += line
                }
                out.append(10)
                start = end + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// GitHub's heading anchors: lower case, punctuation dropped except `-` and `_`, each space a hyphen,
/// and `-1`, `-2`, … appended to repeats in document order.
public enum GitHubSlug {
    public static func slug(_ title: String) -> String {
        var out = ""
        for c in title.lowercased() {
            if c == " " {
                out.append("-")
            } else if c.isLetter || c.isNumber || c == "-" || c == "_" {
                out.append(c)
            }
        }
        return out
    }

    /// Section id → anchor for every section of the page (the title's heading takes its slug first).
    public static func anchors(of page: Page) -> [String: String] {
        var seen: [String: Int] = [:]
        func unique(_ title: String) -> String {
            let base = slug(title)
            defer { seen[base, default: 0] += 1 }
            guard let n = seen[base] else { return base }
            return "\(base)-\(n)"
        }
        _ = unique(page.title)
        var out: [String: String] = [:]
        func visit(_ sections: [Section]) {
            for s in sections {
                out[s.id] = unique(Prose.inlines(s.title).map(\.plainText).joined())
                visit(s.subsections)
            }
        }
        visit(page.sections)
        return out
    }
}
