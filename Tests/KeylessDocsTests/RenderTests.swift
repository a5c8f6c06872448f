import KeylessDocs
import KeylessTestSupport
import Foundation
import KeylessSyntax
import KeylessModel
import Testing

@Suite struct RenderTests {
    /// A code sample with everything that could end a fence, a literal block or an HTML element early.
    static let trickyCode = "key: 'a | b'\nhtml: \"</code> &amp; <pre> &#39;\"\nfence: \"```\"\n\n  # indented *x* `y` _z_ \\n\n"

    /// Two pages that use every block and inline, with text special to Markdown, RST and HTML.
    static let sample: DocumentSet = {
        let index = Page(
            id: "index", title: "Index *of* things_", summary: "A sample <set> & \"more\"",
            intro: [
                .paragraph([
                    "Plain, ", .code("code"), ", ", .emphasis(["em"]), ", ", .strong(["strong"]), " and a ",
                    .link(url: "https://example.com/a_b?x=1&y=2", ["link"]), " and the same ",
                    .link(url: "https://example.com/other_", ["link"]), "; specials: * _ | ` [!NOTE] <b> &amp; snake_case name_ |sub|.",
                ]),
                .paragraph(["pre", .emphasis(["em"]), "post x.", .strong([" spaced "]), "y ", .code("a`b"), "z ", .code("--flag"), "."]),
                .paragraph(["1. not a list, ending in a colon::"]),
                .paragraph(["- not a bullet, [!WARNING] not an alert"]),
                .paragraph([".. not a comment"]),
                .paragraph([.strong(["bold ", .emphasis(["nested"])]), " then ", .link(url: "https://example.com", ["a ", .code("code"), " <link>"])]),
                .diagram(Diagram(mermaid: "graph LR\n  A --> B\n\n  B --> C\n", svg: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" role=\"img\"><title>A to B</title></svg>", alt: "A then B then C")),
                .tabs([
                    Tab("Console", [.list(ordered: true, items: [[.paragraph(["open ", .emphasis(["IAM"])])], [.paragraph(["save"])]])]),
                    Tab("CLI", [.code(CodeSample(language: "bash", text: "aws iam list-roles\n", caption: "List"))]),
                ]),
            ],
            sections: [
                Section(id: "lists", title: "Lists & tables", blocks: [
                    .list(ordered: false, items: [
                        [.paragraph(["one"])],
                        [.paragraph(["two"]), .list(ordered: true, items: [[.paragraph(["nested"])], [.paragraph(["second"])]])],
                        [.code(CodeSample(language: "sh", text: "echo \"in a list\"\n"))],
                    ]),
                    .checklist(Checklist(items: [ChecklistItem(["done"], done: true), ChecklistItem(["to do with ", .code("code")])])),
                    .table(Table(
                        header: [["A"], ["B | pipe"], ["C"]],
                        rows: [[[.code("x|y")], ["<tag> & *star*"], []], [["two"], [.strong(["bold"])]]])),
                ], subsections: [
                    Section(id: "deeper", title: "Deeper `code` title", blocks: [
                        .paragraph([
                            .pageRef(page: "other", section: "code-here", ["see other"]), ", ",
                            .pageRef(page: "other", section: nil, ["the other page"]), " and ",
                            .pageRef(page: "index", section: "notes-again", ["notes <again>"]), ".",
                        ]),
                    ]),
                ]),
                Section(id: "notes", title: "Notes", blocks: [
                    .admonition(.note, [.paragraph(["A note with ", .code("code"), "."])]),
                    .admonition(.warning, [.paragraph(["First."]), .code(CodeSample(language: "yaml", text: "a: 1\n"))]),
                    .admonition(.tip, [.code(CodeSample(language: "json", text: "{}\n")), .paragraph(["After code."])]),
                ]),
                Section(id: "notes-again", title: "Notes", blocks: [
                    .admonition(.caution, [.list(ordered: false, items: [[.paragraph(["in a list"])]])]),
                    .admonition(.important, [.paragraph(["Important."])]),
                ]),
            ])
        let other = Page(
            id: "other", title: "Other page", summary: "Second",
            sections: [Section(id: "code-here", title: "Code here", blocks: [
                .code(CodeSample(language: "yaml", text: trickyCode, snippet: "Snippets/x.yml", caption: "A *tricky* snippet")),
                .code(CodeSample(language: "json", text: "{\n  \"a\": \"<b>\"\n}\n")),
                .paragraph([.pageRef(page: "index", section: nil, ["back"]), " or ", .pageRef(page: "index", section: "notes-again", ["notes"])]),
            ])])
        return DocumentSet(title: "Sample", pages: [index, other])
    }()

    static let renderers: [any DocumentRenderer] = [MarkdownRenderer(), RSTRenderer(), HTMLRenderer(), MkDocsRenderer()]

    /// Every code sample of a page, in document order.
    static func samples(_ page: Page) -> [String] {
        func inBlocks(_ blocks: [Block]) -> [String] {
            blocks.flatMap { b -> [String] in
                switch b {
                case .code(let c): return [c.text]
                case .list(_, let items): return items.flatMap(inBlocks)
                case .admonition(_, let content): return inBlocks(content)
                case .tabs(let tabs): return tabs.flatMap { inBlocks($0.blocks) }
                default: return []
                }
            }
        }
        func inSections(_ sections: [Section]) -> [String] {
            sections.flatMap { inBlocks($0.blocks) + inSections($0.subsections) }
        }
        return inBlocks(page.intro) + inSections(page.sections)
    }

    static func extract(_ text: String, _ format: OutputFormat) -> [String] {
        switch format {
        case .markdown: return CodeBlockExtractor.markdown(text)
        case .rst: return CodeBlockExtractor.rst(text)
        case .html: return CodeBlockExtractor.html(text)
        case .mkdocs: return CodeBlockExtractor.mkdocs(text)
        }
    }

    @Test func codeBlocksRoundTripByteForByteInEveryFormat() throws {
        #expect(Self.samples(Self.sample.pages[0]).count == 4)
        for r in Self.renderers {
            let files = try r.render(Self.sample).filter { $0.path != MkDocsRenderer.configPath }
            #expect(files.map(\.path) == Self.sample.pages.map { r.format.pagePath($0.id) })
            for (page, file) in zip(Self.sample.pages, files) {
                #expect(Self.extract(file.contents, r.format) == Self.samples(page), "\(file.path)")
            }
        }
    }

    /// Rendered output equals the reviewed golden files (record with KEYLESS_RECORD=1).
    @Test func goldenOutput() throws {
        for r in Self.renderers {
            for f in try r.render(Self.sample) {
                // MkDocs pages are `.md` too: their goldens live in a folder of their own.
                let folder = r.format == .mkdocs ? "render/mkdocs/" : "render/"
                Golden.expect(f.contents, equals: TestPaths.fixtures().appendingPathComponent(folder + (f.path as NSString).lastPathComponent))
            }
        }
    }

    @Test func outputIsDeterministicAndTidy() throws {
        for r in Self.renderers {
            let once = try r.render(Self.sample)
            #expect(once == (try r.render(Self.sample)))
            for f in once {
                #expect(f.contents.hasSuffix("\n") && !f.contents.hasSuffix("\n\n"), "\(f.path) must end with one newline")
                for (n, line) in f.contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    #expect(line.last != " " && line.last != "\t", "trailing whitespace in \(f.path):\(n + 1)")
                }
                #expect(f.contents.contains(Banner.marker))
            }
        }
    }

    @Test func rstAdornmentsMatchTitlesAndLabelsPrecedeThem() throws {
        let rst = RSTRenderer().renderPage(Self.sample.pages[0], in: Self.sample)
        let lines = rst.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.starts(with: [".. \(Banner.text)", "", ".. _index:", "", "=====================", "Index \\*of\\* things\\_", "====================="]))
        var titles = 0
        for (i, line) in lines.enumerated() where i > 0 && !line.isEmpty && Set(line).count == 1 && "=-~^".contains(line.first!) {
            guard !lines[i - 1].isEmpty, Set(lines[i - 1]) != Set(line) else { continue }
            titles += 1
            #expect(line.count == lines[i - 1].count, "adornment of \(lines[i - 1])")
        }
        #expect(titles == 5)
        #expect(rst.contains(".. _index-lists:\n\nLists & tables\n--------------\n"))
        #expect(rst.contains(".. _index-deeper:\n\nDeeper ``code`` title\n~~~~~~~~~~~~~~~~~~~~~\n"))
        #expect(rst.contains(":ref:`see other <other-code-here>`, :ref:`the other page <other>` and :ref:`notes \\<again\\> <index-notes-again>`."))
        #expect(rst.contains(".. toctree::\n   :hidden:\n   :maxdepth: 2\n\n   other\n"))
        #expect(!RSTRenderer().renderPage(Self.sample.pages[1], in: Self.sample).contains("toctree"))
    }

    @Test func rstInlineMarkupIsEscapedAndSeparated() throws {
        let rst = RSTRenderer().renderPage(Self.sample.pages[0], in: Self.sample)
        #expect(rst.contains("`link <https://example.com/a_b?x=1&y=2>`__ and the same `link <https://example.com/other\\_>`__"))
        #expect(rst.contains("specials: \\* \\_ \\| \\` [!NOTE] <b> &amp; snake_case name\\_ \\|sub\\|."))
        #expect(rst.contains("pre\\ *em*\\ post x. **spaced** y :literal:`a\\`b`\\ z ``--flag``."))
        #expect(rst.contains("\n\\1. not a list, ending in a colon:\\:\n"))
        #expect(rst.contains("\n\\- not a bullet"))
        #expect(rst.contains("\n\\.. not a comment\n"))
        #expect(rst.contains("**bold nested** then `a code \\<link\\> <https://example.com>`__"))
        #expect(rst.contains("- two\n\n  1. nested\n\n  2. second\n\n- .. code-block:: sh\n\n     echo \"in a list\"\n"))
        #expect(rst.contains("- ☑ done\n\n- ☐ to do with ``code``\n"))
        #expect(rst.contains(".. list-table::\n   :header-rows: 1\n\n   * - A\n     - B \\| pipe\n     - C\n\n   * - ``x|y``\n     - \\<tag> & \\*star\\*\n     -\n\n   * - two\n     - **bold**\n     -\n"))
        #expect(rst.contains(".. warning::\n\n   First.\n\n   .. code-block:: yaml\n\n      a: 1\n"))
        #expect(rst.contains(".. mermaid::\n   :alt: A then B then C\n\n   graph LR\n     A --> B\n\n     B --> C\n"))
        let other = RSTRenderer().renderPage(Self.sample.pages[1], in: Self.sample)
        #expect(other.contains(".. code-block:: yaml\n   :caption: A \\*tricky\\* snippet\n\n   key: 'a | b'\n"))
    }

    @Test func markdownUsesGitHubSyntax() throws {
        let md = MarkdownRenderer().renderPage(Self.sample.pages[0], in: Self.sample)
        #expect(md.hasPrefix("<!-- \(Banner.text) -->\n\n# Index \\*of\\* things\\_\n"))
        #expect(md.contains("| A | B \\| pipe | C |\n| --- | --- | --- |\n| `x\\|y` | \\<tag\\> & \\*star\\* |  |\n| two | **bold** |  |\n"))
        #expect(md.contains("pre*em*post x. **spaced** y ``a`b``z `--flag`."))
        #expect(md.contains("> [!NOTE]\n> A note with `code`.\n"))
        #expect(md.contains("> [!TIP]\n>\n> ``` json\n"))
        #expect(md.contains("\\[\\!WARNING\\] not an alert"))
        #expect(md.contains("- [x] done\n") && md.contains("- [ ] to do with `code`\n"))
        // GitHub's slugs: `&` dropped, code kept as text, the second "Notes" gets `-1`.
        #expect(md.contains("[see other](other.md#code-here), [the other page](other.md) and [notes \\<again\\>](index.md#notes-1)."))
        #expect(md.contains("## Lists & tables\n"))
        #expect(md.contains("``` mermaid\ngraph LR\n"))
        let other = MarkdownRenderer().renderPage(Self.sample.pages[1], in: Self.sample)
        #expect(other.contains("*A \\*tricky\\* snippet*\n\n```` yaml\n"))
    }

    @Test func mkdocsUsesMaterialSyntax() throws {
        let md = MkDocsRenderer().renderPage(Self.sample.pages[0], in: Self.sample)
        #expect(md.hasPrefix("<!-- \(Banner.text) -->\n\n# Index \\*of\\* things\\_\n"))
        #expect(md.contains("!!! note\n\n    A note with `code`.\n"))
        #expect(md.contains("!!! warning\n\n    First.\n\n    ``` yaml\n    a: 1\n    ```\n"))
        #expect(md.contains("!!! danger \"Caution\"\n\n    -   in a list\n"))
        #expect(md.contains("=== \"Console\"\n\n    1.  open *IAM*\n    2.  save\n\n=== \"CLI\"\n\n    *List*\n\n    ``` bash\n"))
        #expect(md.contains("``` mermaid\ngraph LR\n"))
        // attr_list ids are the section ids, so links need no slug algorithm.
        #expect(md.contains("## Lists &amp; tables { #lists }\n") && md.contains("## Notes { #notes-again }\n"))
        #expect(md.contains("[see other](other.md#code-here), [the other page](other.md) and [notes &lt;again&gt;](index.md#notes-again)."))
        // Python-Markdown: four-space list bodies, a comment before an item that opens with a fence, and
        // between two lists that would otherwise merge; pipes escaped outside code spans only.
        #expect(md.contains("-   two\n\n    1.  nested\n    2.  second\n\n-   <!-- -->\n\n    ``` sh\n"))
        #expect(md.contains("<!-- -->\n\n-   ☑ done\n-   ☐ to do with `code`\n"))
        #expect(md.contains("| A | B \\| pipe | C |\n| --- | --- | --- |\n| `x|y` | &lt;tag&gt; &amp; \\*star\\* |  |\n"))
        #expect(md.contains("\n1\\. not a list") && md.contains("\n\\- not a bullet, \\[!WARNING\\] not an alert"))
        let config = MkDocsRenderer().config(Self.sample)
        for line in ["theme:\n  name: material", "  - admonition", "  - attr_list", "  - tables", "  - pymdownx.details",
                     "        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format",
                     "  - pymdownx.tabbed:\n      alternate_style: true", "nav:\n  - Index *of* things_: index.md\n  - Other page: other.md\n"] {
            #expect(config.contains(line), "\(line)")
        }
    }

    @Test func htmlIsOneSelfContainedDocumentPerPage() throws {
        let html = HTMLRenderer().renderPage(Self.sample.pages[0], in: Self.sample)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<!-- \(Banner.text) -->\n<html lang=\"en\">\n"))
        #expect(html.contains("<title>Index *of* things_ · Sample</title>"))
        #expect(html.contains("<meta name=\"description\" content=\"A sample &lt;set&gt; &amp; &quot;more&quot;\">"))
        #expect(html.contains("<li><a href=\"index.html\" aria-current=\"page\">Index *of* things_</a></li>\n<li><a href=\"other.html\">Other page</a></li>"))
        #expect(html.components(separatedBy: "aria-current=\"page\"").count == 2)
        #expect(html.contains("<h1>Index *of* things_</h1>\n"))
        #expect(html.contains("<h2 id=\"lists\">Lists &amp; tables</h2>\n"))
        #expect(html.contains("<h3 id=\"deeper\">Deeper <code>code</code> title</h3>\n"))
        #expect(html.contains("<a href=\"other.html#code-here\">see other</a>, <a href=\"other.html\">the other page</a>"))
        #expect(html.contains("<ul class=\"checklist\">\n<li>☑ done</li>\n<li>☐ to do with <code>code</code></li>\n</ul>"))
        #expect(html.contains("<thead>\n<tr><th>A</th><th>B | pipe</th><th>C</th></tr>\n</thead>"))
        #expect(html.contains("<tr><td><code>x|y</code></td><td>&lt;tag&gt; &amp; *star*</td><td></td></tr>"))
        #expect(html.contains("<div class=\"admonition note\" role=\"note\">\n<p class=\"admonition-title\">Note</p>\n<p>A note with <code>code</code>.</p>\n</div>"))
        #expect(html.contains("<figure class=\"diagram\">\n<svg"))
        #expect(html.contains("<figcaption>A then B then C</figcaption>\n</figure>"))
        #expect(html.contains("<ol>\n<li>nested</li>"))
        for forbidden in ["<script", "<link", "src=", "@import", "<input"] { #expect(!html.contains(forbidden), "\(forbidden)") }
        let other = HTMLRenderer().renderPage(Self.sample.pages[1], in: Self.sample)
        #expect(other.contains("<figure class=\"code\">\n<figcaption>A *tricky* snippet</figcaption>\n<pre><code class=\"language-yaml\">"))
        #expect(other.contains("html: &quot;&lt;/code&gt; &amp;amp; &lt;pre&gt; &amp;#39;&quot;"))
    }

    @Test func htmlUnescapeInvertsEscape() {
        let s = "a &amp; <b> \"q\" 'x' &#39; &unknown; &"
        #expect(HTMLText.unescape(HTMLText.escape(s)) == s)
    }
}
