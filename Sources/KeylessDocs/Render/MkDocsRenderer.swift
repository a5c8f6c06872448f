import KeylessSyntax
import Ccmark
import Foundation
import KeylessModel

/// MkDocs with the Material theme: `docs/mkdocs/mkdocs.yml` and one `docs/mkdocs/docs/PAGE-ID.md` per
/// page, in the Markdown Python-Markdown and pymdown-extensions read: admonitions `!!! note`, tabs
/// `=== "Title"`, diagrams as mermaid fences (pymdownx.superfences), heading ids through attr_list.
public struct MkDocsRenderer: DocumentRenderer {
    public init() {}

    public var format: OutputFormat { .mkdocs }

    /// The configuration MkDocs builds the site from (`mkdocs build -f docs/mkdocs/mkdocs.yml`).
    public static let configPath = "docs/mkdocs/mkdocs.yml"

    public func render(_ documents: DocumentSet) throws -> [RenderedFile] {
        [RenderedFile(path: Self.configPath, contents: config(documents))]
            + documents.pages.map { RenderedFile(path: format.pagePath($0.id), contents: renderPage($0, in: documents)) }
    }

    /// The Markdown text of one page.
    public func renderPage(_ page: Page, in documents: DocumentSet) -> String {
        MarkdownText.tidy(MkDocsLowering(docs: documents, page: page).build().commonmark())
    }

    /// `mkdocs.yml`: the theme, the extensions the pages need, and the navigation in page order. A page
    /// whose id extends another's (`troubleshooting-x` after `troubleshooting`) is listed in that page's
    /// section, whose own page is the section's index (Material's `navigation.indexes`).
    public func config(_ documents: DocumentSet) -> String {
        let ids = Set(documents.pages.map(\.id))
        func parent(_ id: String) -> String? {
            ids.filter { id.hasPrefix($0 + "-") }.max { $0.count < $1.count }
        }
        func entry(_ p: Page) -> String { "\(YAMLScalar.quoted(MkDocsText.line(p.title))): \(p.id).md" }
        var nav: [String] = []
        for p in documents.pages where parent(p.id) == nil {
            let children = documents.pages.filter { parent($0.id) == p.id }
            if children.isEmpty {
                nav.append("  - " + entry(p))
            } else {
                nav.append("  - \(YAMLScalar.quoted(MkDocsText.line(p.title))):")
                nav.append("      - \(p.id).md")
                nav += children.map { "      - " + entry($0) }
            }
        }
        return ([
            "# \(Banner.text)",
            "site_name: \(YAMLScalar.quoted(MkDocsText.line(documents.title)))",
            "docs_dir: docs",
            "theme:",
            "  name: material",
            "  features:",
            "    - content.tabs.link",
            "    - navigation.indexes",
            "markdown_extensions:",
            "  - admonition",
            "  - attr_list",
            "  - tables",
            "  - pymdownx.details",
            "  - pymdownx.superfences:",
            "      custom_fences:",
            "        - name: mermaid",
            "          class: mermaid",
            "          format: !!python/name:pymdownx.superfences.fence_code_format",
            "  - pymdownx.tabbed:",
            "      alternate_style: true",
            "nav:",
        ] + nav).joined(separator: "\n") + "\n"
    }
}

/// Page → libcmark tree for MkDocs. Python-Markdown indents the content of list items, admonitions
/// and tabs by four spaces, which libcmark's renderer cannot do, so each of those containers is
/// rendered on its own (by a lowering of the same page), indented, and added as one custom block.
/// Text is escaped for Python-Markdown here (custom inlines), since libcmark escapes for CommonMark.
struct MkDocsLowering: PageLowering {
    let docs: DocumentSet
    let page: Page
    let tree = CMarkTree()
    var external = false
    /// The kind of each list and tab-set block made so far (see `container`).
    let containers = ContainerKinds()

    final class ContainerKinds {
        var kinds: [OpaquePointer: String] = [:]
    }

    init(docs: DocumentSet, page: Page) {
        self.docs = docs
        self.page = page
    }

    func title(to root: OpaquePointer) {
        tree.rawBlock("<!-- \(MarkdownText.comment(Banner.text)) -->", to: root)
        inlines([.text(page.title)], to: tree.heading(level: 1, to: root))
    }

    func heading(_ section: Section, level: Int, to parent: OpaquePointer) {
        let h = tree.heading(level: level, to: parent)
        inlines(titleInlines(section), to: h)
        // attr_list: the section id is the anchor, so links do not depend on a slug algorithm.
        if !external { tree.rawInline(" { #\(section.id) }", to: h) }
    }

    func code(_ sample: CodeSample, to parent: OpaquePointer) {
        if let caption = sample.caption {
            let p = tree.add(CMARK_NODE_PARAGRAPH, to: parent)
            inlines([.emphasis([.text(caption)])], to: p)
        }
        tree.codeBlock(sample.text, info: sample.language, to: parent)
    }

    func checklist(_ checklist: Checklist, to parent: OpaquePointer) {
        // Python-Markdown has no task lists without pymdownx.tasklist: the boxes are characters, as in RST.
        list(ordered: false, checklist.items.map { [.paragraph([.text($0.done ? "☑ " : "☐ ")] + $0.text)] }, to: parent)
    }

    func table(_ table: Table, to parent: OpaquePointer) {
        let rows = rectangular(table).map { $0.map { MkDocsText.cell(cellTree($0).commonmark()) } }
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        let delimiter = "|" + String(repeating: " --- |", count: table.header.count)
        tree.rawBlock(([line(rows[0]), delimiter] + rows.dropFirst().map(line)).joined(separator: "\n"), to: parent)
    }

    func admonition(_ kind: AdmonitionKind, _ content: [Block], to parent: OpaquePointer) {
        tree.rawBlock(MkDocsText.container("!!! \(kind.mkdocsType)\(kind.mkdocsTitle)", body: rendered(content)), to: parent)
    }

    func diagram(_ diagram: Diagram, to parent: OpaquePointer) {
        tree.codeBlock(diagram.mermaid, info: "mermaid", to: parent)
    }

    func tabs(_ tabs: [Tab], to parent: OpaquePointer) {
        let sets = tabs.map { t in
            MkDocsText.container("=== \"\(MkDocsText.line(t.title))\"", body: rendered(t.blocks))
        }
        container(sets.joined(separator: "\n\n"), kind: "tabs", to: parent)
    }

    func list(ordered: Bool, _ items: [[Block]], to parent: OpaquePointer) {
        let bodies = items.map { blocks in
            // A list item cannot open with a fence or a table in Python-Markdown: an empty comment goes first.
            if case .paragraph? = blocks.first { return rendered(blocks) }
            return "<!-- -->\n\n" + rendered(blocks)
        }
        let lines = bodies.enumerated().map { n, body in MkDocsText.item(ordered ? "\(n + 1)." : "-", body: body) }
        // Items of more than one line make the list loose: a blank line between items, or Python-Markdown
        // reads the next marker as part of the item's last nested block.
        let loose = bodies.contains { body in ASCIIBytes.simple(body) { $0.contains(10) } ?? body.contains("\n") }
        container(lines.joined(separator: loose ? "\n\n" : "\n"), kind: ordered ? "ordered" : "bullets", to: parent)
    }

    /// A rendered list or tab set. Python-Markdown joins two lists (or two tab sets) that follow each
    /// other into one, so an empty HTML comment goes between them.
    func container(_ text: String, kind: String, to parent: OpaquePointer) {
        let previous = cmark_node_last_child(parent).flatMap { containers.kinds[$0] }
        let node = tree.rawBlock(previous == kind ? "<!-- -->\n\n" + text : text, to: parent)
        containers.kinds[node] = kind
    }

    func text(_ s: String, to parent: OpaquePointer) {
        let atLineStart = cmark_node_first_child(parent) == nil
        tree.rawInline(MkDocsText.escape(s, atLineStart: atLineStart), to: parent)
    }

    func pageRef(page target: String, section: String?, _ content: [Inline], to parent: OpaquePointer) {
        if external {
            inlines(content, to: parent)
            return
        }
        // MkDocs resolves links between `.md` sources (and checks them in strict mode).
        inlines(content, to: tree.link("\(target).md" + (section.map { "#\($0)" } ?? ""), to: parent))
    }

    /// Blocks rendered as a Markdown fragment of their own (no trailing newline).
    func rendered(_ content: [Block]) -> String {
        var child = Self(docs: docs, page: page)
        child.external = external
        child.blocks(content, to: child.tree.root)
        return MarkdownText.tidy(child.tree.commonmark()).droppingTrailingNewlines()
    }
}

extension AdmonitionKind {
    /// Material's admonition type: its own for note, tip and warning; the nearest one otherwise.
    var mkdocsType: String {
        switch self {
        case .note, .tip, .warning: return rawValue
        case .important: return "info"
        case .caution: return "danger"
        }
    }

    /// An explicit title where the type's default title ("Info", "Danger") would not be the kind's.
    var mkdocsTitle: String {
        mkdocsType == rawValue ? "" : " \"\(title)\""
    }
}

/// Python-Markdown's escaping and indentation, for the raw Markdown `MkDocsLowering` writes.
enum MkDocsText {
    /// Text that Python-Markdown shows as written. Markdown punctuation is backslash-escaped (its
    /// escapable set), `<`, `>` and `&` become entities (it passes raw HTML and entities through), and
    /// at the start of a line what would open a block (`#`, `-`, `+`, `1.`, `!!!`, `===`) is escaped.
    static func escape(_ s: String, atLineStart: Bool) -> String {
        if let fast = ASCIIBytes.simple(s, { escapeBytes($0, atLineStart: atLineStart) }) { return fast }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var lineStart = atLineStart
        var digits = false
        for c in s {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "{", "}": out += "\\\(c)"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "#" where lineStart, "+" where lineStart, "-" where lineStart, "!" where lineStart: out += "\\\(c)"
            case "=" where lineStart: out += "&#61;"
            case "." where digits: out += "\\."
            case "\n": out += " "
            default: out.append(c)
            }
            digits = (lineStart || digits) && c.isASCII && c.isNumber
            lineStart = false
        }
        return out
    }

    /// `escape` for text whose Characters are single ASCII bytes: the same cases, byte by byte.
    static func escapeBytes(_ s: UnsafeBufferPointer<UInt8>, atLineStart: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.count + 16)
        var lineStart = atLineStart
        var digits = false
        for c in s {
            switch c {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "#") where lineStart, UInt8(ascii: "+") where lineStart,
                 UInt8(ascii: "-") where lineStart, UInt8(ascii: "!") where lineStart:
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            case UInt8(ascii: "=") where lineStart: out.append(contentsOf: "&#61;".utf8)
            case UInt8(ascii: ".") where digits:
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: " "))
            default: out.append(c)
            }
            digits = (lineStart || digits) && c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
            lineStart = false
        }
        return ASCIIBytes.string(out)
    }

    /// One table cell from rendered inline Markdown. Python-Markdown splits cells at pipes outside
    /// code spans only, and shows a `\\|` inside one as written: pipes are escaped outside code spans.
    static func cell(_ markdown: String) -> String {
        let text = markdown.droppingTrailingNewlines()
        // Most cells have no backslash, backquote, bar or newline: nothing to rewrite.
        if !text.utf8.contains(where: { $0 == 92 || $0 == 96 || $0 == 124 || $0 == 10 || $0 == 13 }) { return String(text) }
        if let fast = ASCIIBytes.simple(text, cellBytes) { return fast }
        var out = ""
        var chars = Array(text)[...]
        var codeFence: Int?
        while let c = chars.popFirst() {
            switch c {
            case "\\" where codeFence == nil:
                out.append(c)
                if let next = chars.popFirst() { out.append(next) }
            case "`":
                var run = 1
                while chars.first == "`" { chars.removeFirst(); run += 1 }
                out += String(repeating: "`", count: run)
                if codeFence == nil { codeFence = run } else if codeFence == run { codeFence = nil }
            case "|" where codeFence == nil: out += "\\|"
            case "\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// `cell` for text whose Characters are single ASCII bytes: the same scan, byte by byte.
    static func cellBytes(_ chars: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(chars.count + 8)
        var codeFence: Int?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            i += 1
            switch c {
            case UInt8(ascii: "\\") where codeFence == nil:
                out.append(c)
                if i < chars.count {
                    out.append(chars[i])
                    i += 1
                }
            case UInt8(ascii: "`"):
                var run = 1
                while i < chars.count, chars[i] == UInt8(ascii: "`") { i += 1; run += 1 }
                out.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: run))
                if codeFence == nil { codeFence = run } else if codeFence == run { codeFence = nil }
            case UInt8(ascii: "|") where codeFence == nil:
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: " "))
            default: out.append(c)
            }
        }
        return ASCIIBytes.string(out)
    }

    /// One line: newlines in titles and names become spaces.
    static func line(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// `lines` indented by four spaces; blank lines stay empty (Python-Markdown reads them the same).
    ///
    /// Bytes, not Characters: a line feed is always a Character of its own, except after a carriage
    /// return (`"\r\n"` is one Character and no line break here), so the lines are the same.
    static func indent(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 8)
            var atLineStart = true
            var previous: UInt8 = 0
            for b in bytes {
                if atLineStart {
                    // A line that ends right here is empty and stays so.
                    if b != 10 { out.append(contentsOf: "    ".utf8) }
                    atLineStart = false
                }
                out.append(b)
                if b == 10, previous != 13 { atLineStart = true }
                previous = b
            }
            return ASCIIBytes.string(out)
        }
    }

    /// An admonition or a tab: the opening line, a blank line, the body indented.
    static func container(_ opening: String, body: String) -> String {
        body.isEmpty ? opening : opening + "\n\n" + indent(body)
    }

    /// A list item: the marker padded to four columns, then the body, its later lines indented.
    static func item(_ marker: String, body: String) -> String {
        let pad = marker + String(repeating: " ", count: max(1, 4 - marker.count))
        let indented = indent(body)
        return pad + indented.dropFirst(min(4, indented.prefix { $0 == " " }.count))
    }
}
