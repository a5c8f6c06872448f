import KeylessSyntax
import Ccmark
import Foundation
import KeylessModel

/// A small static site: one self-contained HTML5 document per guide page (inline CSS, no scripts,
/// no external resources), its body rendered by libcmark's HTML renderer.
public struct HTMLRenderer: DocumentRenderer {
    public init() {}

    public var format: OutputFormat { .html }

    /// One `docs/html/PAGE-ID.html` per page.
    public func render(_ documents: DocumentSet) throws -> [RenderedFile] {
        documents.pages.map { RenderedFile(path: "docs/html/\($0.id).html", contents: renderPage($0, in: documents)) }
    }

    /// The complete HTML document of one page.
    public func renderPage(_ page: Page, in documents: DocumentSet) -> String {
        let body = HTMLLowering(docs: documents, page: page).build().html().droppingTrailingNewlines()
        let nav = documents.pages.map { p in
            let current = p.id == page.id ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(HTMLText.escape(p.id)).html\"\(current)>\(HTMLText.escape(p.title))</a></li>"
        }
        let head = [
            "<!DOCTYPE html>",
            "<!-- \(HTMLText.comment(Banner.text)) -->",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(HTMLText.escape(Self.title(of: page, in: documents)))</title>",
            "<meta name=\"description\" content=\"\(HTMLText.escape(page.summary))\">",
            "<style>",
            Self.css,
            "</style>",
            "</head>",
            "<body>",
            "<nav aria-label=\"Guide\">",
            "<p class=\"site\"><a href=\"index.html\">\(HTMLText.escape(documents.title))</a></p>",
            "<ul>",
        ]
        let tail = ["</ul>", "</nav>", "<main>", body, "</main>", "</body>", "</html>"]
        return (head + nav + tail).joined(separator: "\n") + "\n"
    }

    /// The page title, then the guide's unless it already says the same (the index).
    static func title(of page: Page, in documents: DocumentSet) -> String {
        documents.title.contains(page.title) ? documents.title : "\(page.title) · \(documents.title)"
    }

    /// Readable defaults: a narrow column, system fonts, scrolling code, bordered tables, coloured admonitions.
    static let css = """
        body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff;display:flex;flex-wrap:wrap}
        nav{flex:0 0 16rem;padding:1rem 1.25rem;background:#f6f8fa;border-right:1px solid #d0d7de;box-sizing:border-box}
        nav ul{list-style:none;padding:0;margin:0}nav li{margin:.35rem 0}nav a{color:#0969da;text-decoration:none}
        nav a[aria-current=page]{font-weight:600;color:#1f2328}.site{font-weight:600;margin-top:0}
        main{flex:1 1 30rem;max-width:60rem;min-width:0;padding:1rem 2rem;box-sizing:border-box}
        h1,h2,h3,h4{line-height:1.25}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
        code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;padding:.1em .3em;border-radius:4px}
        pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.75rem 1rem;overflow-x:auto}
        pre code{background:none;padding:0}
        table{border-collapse:collapse;margin:1rem 0;display:block;overflow-x:auto}
        th,td{border:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
        .admonition{border-left:4px solid #0969da;background:#ddf4ff;padding:.25rem 1rem;margin:1rem 0;border-radius:4px}
        .admonition.tip{border-color:#1a7f37;background:#dafbe1}
        .admonition.important{border-color:#8250df;background:#fbefff}
        .admonition.warning{border-color:#9a6700;background:#fff8c5}
        .admonition.caution{border-color:#cf222e;background:#ffebe9}
        .admonition-title{font-weight:600}
        ul.checklist{list-style:none;padding-left:1rem}
        .tab{border:1px solid #d0d7de;border-radius:6px;padding:0 1rem;margin:1rem 0}.tab-label{font-weight:600;margin:.75rem 0 .5rem}
        figure{margin:1rem 0}figcaption{font-style:italic;color:#59636e}figure svg{max-width:100%;height:auto}
        """
}

/// Page → libcmark tree for HTML. What libcmark cannot express (headings with ids, tables,
/// admonitions, checklists, figures) becomes custom nodes holding markup around `HTMLText.escape`d text.
struct HTMLLowering: PageLowering {
    let docs: DocumentSet
    let page: Page
    let tree = CMarkTree()
    var external = false

    init(docs: DocumentSet, page: Page) {
        self.docs = docs
        self.page = page
    }

    /// A block element around inline content. The tags sit on a custom inline inside an empty custom
    /// block, so libcmark puts no line breaks between them and the text.
    func element(_ open: String, _ close: String, _ content: [Inline], to parent: OpaquePointer) {
        inlines(content, to: tree.rawInline(open, close, to: tree.rawBlock("", to: parent)))
    }

    func title(to root: OpaquePointer) {
        element("<h1>", "</h1>", [.text(page.title)], to: root)
    }

    func heading(_ section: Section, level: Int, to parent: OpaquePointer) {
        element("<h\(level) id=\"\(HTMLText.escape(section.id))\">", "</h\(level)>", titleInlines(section), to: parent)
    }

    func code(_ sample: CodeSample, to parent: OpaquePointer) {
        guard let caption = sample.caption else {
            tree.codeBlock(sample.text, info: sample.language, to: parent)
            return
        }
        let figure = tree.rawBlock("<figure class=\"code\">", "</figure>", to: parent)
        element("<figcaption>", "</figcaption>", [.text(caption)], to: figure)
        tree.codeBlock(sample.text, info: sample.language, to: figure)
    }

    func checklist(_ checklist: Checklist, to parent: OpaquePointer) {
        // Characters, not disabled checkboxes: the page is a document, not a form.
        let list = tree.rawBlock("<ul class=\"checklist\">", "</ul>", to: parent)
        for item in checklist.items {
            element("<li>", "</li>", [.text(item.done ? "☑ " : "☐ ")] + item.text, to: list)
        }
    }

    func table(_ table: Table, to parent: OpaquePointer) {
        let rows = rectangular(table).map { $0.map(cell) }
        func row(_ cells: [String], _ tag: String) -> String {
            var out = "<tr>"
            for c in cells {
                out += "<"
                out += tag
                out += ">"
                out += c
                out += "</"
                out += tag
                out += ">"
            }
            return out + "</tr>"
        }
        let html = ["<table>", "<thead>", row(rows[0], "th"), "</thead>", "<tbody>"]
            + rows.dropFirst().map { row($0, "td") } + ["</tbody>", "</table>"]
        tree.rawBlock(html.joined(separator: "\n"), to: parent)
    }

    /// One cell's inline HTML: the paragraph libcmark renders, without its `<p>` wrapper.
    func cell(_ content: [Inline]) -> String {
        let html = cellTree(content).html().droppingTrailingNewlines()
        // Bytes when every Character is one ASCII byte: the same prefix, suffix and middle.
        if let fast = ASCIIBytes.simple(html, { b -> String? in
            guard b.count >= 7, b.starts(with: "<p>".utf8), b[(b.count - 4)...].elementsEqual("</p>".utf8) else { return html }
            return String(decoding: UnsafeBufferPointer(rebasing: b[3..<(b.count - 4)]), as: UTF8.self)
        }) { return fast }
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>") else { return html }
        return String(html.dropFirst(3).dropLast(4))
    }

    func admonition(_ kind: AdmonitionKind, _ content: [Block], to parent: OpaquePointer) {
        let open = "<div class=\"admonition \(kind.rawValue)\" role=\"note\">\n<p class=\"admonition-title\">\(kind.title)</p>"
        blocks(content, to: tree.rawBlock(open, "</div>", to: parent))
    }

    func diagram(_ diagram: Diagram, to parent: OpaquePointer) {
        // The SVG is the catalog's own markup, inlined so the page needs no other file.
        let figure = ["<figure class=\"diagram\">", diagram.svg.droppingTrailingNewlines(),
                      "<figcaption>\(HTMLText.escape(diagram.alt))</figcaption>", "</figure>"]
        tree.rawBlock(figure.joined(separator: "\n"), to: parent)
    }

    func tabs(_ tabs: [Tab], to parent: OpaquePointer) {
        // No script: the alternatives follow each other, each in a labelled box.
        let group = tree.rawBlock("<div class=\"tabs\">", "</div>", to: parent)
        for t in tabs {
            let box = tree.rawBlock("<div class=\"tab\" role=\"group\" aria-label=\"\(HTMLText.escape(t.title))\">", "</div>", to: group)
            element("<p class=\"tab-label\">", "</p>", [.text("Option: \(t.title)")], to: box)
            blocks(t.blocks, to: box)
        }
    }

    func pageRef(page target: String, section: String?, _ content: [Inline], to parent: OpaquePointer) {
        inlines(content, to: tree.link("\(target).html" + (section.map { "#\($0)" } ?? ""), to: parent))
    }
}
