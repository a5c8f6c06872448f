import Ccmark
import KeylessModel

/// Markdown for GitHub, rendered by libcmark's CommonMark renderer.
public struct MarkdownRenderer: DocumentRenderer {
    public init() {}
    public var format: OutputFormat { .markdown }

    public func render(_ docs: DocumentSet) throws -> [RenderedFile] {
        docs.pages.map { RenderedFile(path: "docs/md/\($0.id).md", contents: renderPage($0, in: docs)) }
    }

    public func renderPage(_ page: Page, in docs: DocumentSet) -> String {
        "<!-- \(Banner.text) -->\n\n" + Lowering(.markdown, docs, page).build().commonmark().trimmingTrailingNewlines() + "\n"
    }
}

/// A small static site: one HTML5 page per guide page, with navigation and inline CSS, by libcmark's HTML renderer.
public struct HTMLRenderer: DocumentRenderer {
    public init() {}
    public var format: OutputFormat { .html }

    public func render(_ docs: DocumentSet) throws -> [RenderedFile] {
        docs.pages.map { RenderedFile(path: "docs/html/\($0.id).html", contents: renderPage($0, in: docs)) }
    }

    public func renderPage(_ page: Page, in docs: DocumentSet) -> String {
        let body = Lowering(.html, docs, page).build().html().trimmingTrailingNewlines()
        let nav = docs.pages.filter { !$0.id.hasPrefix("troubleshooting-") }.map { p in
            let current = p.id == page.id ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(p.id).html\"\(current)>\(HTMLText.escape(p.title))</a></li>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <!-- \(HTMLText.escape(Banner.text)) -->
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="description" content="\(HTMLText.escape(page.summary))">
            <title>\(HTMLText.escape(page.title)) · Keyless</title>
            <style>
            \(Self.css)
            </style>
            </head>
            <body>
            <nav aria-label="Guide">
            <p class="site"><a href="index.html">\(HTMLText.escape(docs.title))</a></p>
            <ul>
            \(nav)
            </ul>
            </nav>
            <main>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    static let css = """
        body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff;display:flex;flex-wrap:wrap}
        nav{flex:0 0 16rem;padding:1rem 1.25rem;background:#f6f8fa;border-right:1px solid #d0d7de;min-height:100vh;box-sizing:border-box}
        nav ul{list-style:none;padding:0;margin:0}nav li{margin:.35rem 0}nav a{color:#0969da;text-decoration:none}
        nav a[aria-current=page]{font-weight:600;color:#1f2328}.site{font-weight:600;margin-top:0}
        main{flex:1 1 30rem;max-width:60rem;padding:1rem 2rem;box-sizing:border-box}
        h1,h2,h3{line-height:1.25}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
        code{font:.9em ui-monospace,SFMono-Regular,Menlo,monospace;background:#eff1f3;padding:.1em .3em;border-radius:4px}
        pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.75rem 1rem;overflow-x:auto}
        pre code{background:none;padding:0}
        table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}
        .admonition{border-left:4px solid #0969da;background:#ddf4ff;padding:.25rem 1rem;margin:1rem 0;border-radius:4px}
        .admonition.warning,.admonition.caution{border-color:#9a6700;background:#fff8c5}
        .admonition-title{font-weight:600}
        figure.diagram svg{max-width:100%;height:auto}
        """
}

/// reStructuredText for Sphinx, by the project's own walker over libcmark's tree.
public struct RSTRenderer: DocumentRenderer {
    public init() {}
    public var format: OutputFormat { .rst }

    public func render(_ docs: DocumentSet) throws -> [RenderedFile] {
        docs.pages.map { RenderedFile(path: "docs/rst/\($0.id).rst", contents: renderPage($0, in: docs)) }
    }

    public func renderPage(_ page: Page, in docs: DocumentSet) -> String {
        let lowering = Lowering(.rst, docs, page)
        let tree = lowering.build()
        if page.id == "index" {
            // Sphinx needs every page in a toctree; the index lists the others, hidden (the page links them itself).
            let entries = docs.pages.filter { $0.id != "index" }.map { "   \($0.id)" }.joined(separator: "\n")
            lowering.tree.raw(".. toctree::\n   :hidden:\n   :maxdepth: 2\n\n\(entries)", to: tree.root)
        }
        return ".. \(Banner.text)\n\n" + RSTWalker.render(tree)
    }
}

/// Reads the code blocks back out of rendered files, in document order, to prove they equal the snippets.
public enum CodeBlockExtractor {
    /// Markdown: parsed again with libcmark; each code block's literal.
    public static func markdown(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        guard let doc = cmark_parse_document(bytes, bytes.count, CMARK_OPT_DEFAULT) else { return [] }
        defer { cmark_node_free(doc) }
        var out: [String] = []
        let iter = cmark_iter_new(doc)
        defer { cmark_iter_free(iter) }
        while cmark_iter_next(iter) != CMARK_EVENT_DONE {
            let n = cmark_iter_get_node(iter)!
            if CMarkNode.type(n) == CMARK_NODE_CODE_BLOCK, CMarkNode.string(cmark_node_get_fence_info(n)) != "mermaid" {
                out.append(CMarkNode.literal(n))
            }
        }
        return out
    }

    /// RST: the body of each `.. code-block::` directive, de-indented.
    public static func rst(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard let r = line.range(of: ".. code-block::"), line[..<r.lowerBound].allSatisfy({ $0 == " " }) else { i += 1; continue }
            let bodyIndent = line.distance(from: line.startIndex, to: r.lowerBound) + 3
            i += 1
            while i < lines.count, lines[i].isEmpty || lines[i].trimmingSpaces().hasPrefix(":") && !lines[i].hasPrefix(String(repeating: " ", count: bodyIndent) + " ") {
                if lines[i].isEmpty { i += 1; break }
                i += 1
            }
            var body: [String] = []
            while i < lines.count, lines[i].isEmpty || lines[i].hasPrefix(String(repeating: " ", count: bodyIndent)) {
                body.append(lines[i].isEmpty ? "" : String(lines[i].dropFirst(bodyIndent)))
                i += 1
            }
            while body.last == "" { body.removeLast() }
            out.append(body.joined(separator: "\n") + "\n")
        }
        return out
    }

    /// HTML: the text of each `<pre><code>` element, unescaped.
    public static func html(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<pre><code") {
            let afterOpen = rest[open.upperBound...]
            guard let gt = afterOpen.firstIndex(of: ">") else { break }
            let body = afterOpen[afterOpen.index(after: gt)...]
            guard let close = body.range(of: "</code></pre>") else { break }
            out.append(HTMLText.unescape(String(body[..<close.lowerBound])))
            rest = body[close.upperBound...]
        }
        return out
    }
}
