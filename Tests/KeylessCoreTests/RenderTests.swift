import Foundation
import KeylessCore
import KeylessModel
import Testing

@Suite struct RenderTests {
    /// A document set that uses every block and inline, with characters special to each format.
    static let sample: DocumentSet = {
        let code = "key: 'a | b'\nhtml: </code> &amp; <pre>\nfence: ```\n\nlast: *x* `y` _z_\n"
        let index = Page(
            id: "index", title: "Index *of* things", summary: "A sample <set> & more",
            intro: [.paragraph(["Plain, ", .code("code"), ", ", .emphasis(["em"]), ", ", .strong(["strong"]), " and a ",
                                .link(url: "https://example.com/a_b?x=1&y=2", ["link"]), "; specials: * _ | ` [!NOTE] <b> &."])],
            sections: [
                Section(id: "lists", title: "Lists & tables", blocks: [
                    .list(ordered: false, items: [[.paragraph(["one"])], [.paragraph(["two"]), .list(ordered: true, items: [[.paragraph(["nested"])]])]]),
                    .checklist(Checklist(items: [ChecklistItem(["done"], done: true), ChecklistItem(["to do with ", .code("code")])])),
                    .table(Table(header: [["A"], ["B | pipe"]], rows: [[[.code("x|y")], ["<tag>"]], [["two"], [.strong(["bold"])]]])),
                ], subsections: [
                    Section(id: "deeper", title: "Deeper", blocks: [.paragraph([.pageRef(page: "other", section: "code-here", ["see other"])])]),
                ]),
                Section(id: "notes", title: "Notes", blocks: [
                    .admonition(.note, [.paragraph(["A note with ", .code("code"), "."])]),
                    .admonition(.warning, [.paragraph(["First."]), .code(CodeSample(language: "yaml", text: "a: 1\n"))]),
                ]),
            ])
        let other = Page(
            id: "other", title: "Other page", summary: "Second",
            sections: [Section(id: "code-here", title: "Code here", blocks: [
                .code(CodeSample(language: "yaml", text: code, snippet: "Snippets/x.yml")),
                .code(CodeSample(language: "json", text: "{\n  \"a\": \"<b>\"\n}\n")),
                .paragraph([.pageRef(page: "index", section: nil, ["back"])]),
            ])])
        return DocumentSet(title: "Sample", pages: [index, other])
    }()

    static let renderers: [any DocumentRenderer] = [MarkdownRenderer(), RSTRenderer(), HTMLRenderer()]

    @Test func codeBlocksRoundTripInEveryFormat() throws {
        let expected = ["a: 1\n"]
        let expectedOther = [
            "key: 'a | b'\nhtml: </code> &amp; <pre>\nfence: ```\n\nlast: *x* `y` _z_\n", "{\n  \"a\": \"<b>\"\n}\n",
        ]
        for r in Self.renderers {
            let files = try r.render(Self.sample)
            let byPage = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
            let ext = r.format.rawValue
            let index = try #require(byPage["docs/\(ext)/index.\(ext)"])
            let other = try #require(byPage["docs/\(ext)/other.\(ext)"])
            func extract(_ text: String) -> [String] {
                switch r.format {
                case .markdown: return CodeBlockExtractor.markdown(text)
                case .rst: return CodeBlockExtractor.rst(text)
                case .html: return CodeBlockExtractor.html(text)
                }
            }
            #expect(extract(index) == expected, "\(ext)")
            #expect(extract(other) == expectedOther, "\(ext)")
        }
    }

    /// Rendered output equals the reviewed golden files (record with KEYLESS_RECORD=1).
    @Test func goldenOutput() throws {
        for r in Self.renderers {
            for f in try r.render(Self.sample) {
                let golden = TestPaths.fixtures.appendingPathComponent("render/" + (f.path as NSString).lastPathComponent)
                if TestPaths.recording, TestPaths.read(golden) != f.contents { try f.contents.write(to: golden, atomically: true, encoding: .utf8) }
                #expect(f.contents == TestPaths.read(golden), "\(f.path)")
            }
        }
    }

    @Test func rstUnderlinesMatchTitles() throws {
        let rst = RSTRenderer().renderPage(Self.sample.pages[0], in: Self.sample)
        let lines = rst.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, l) in lines.enumerated() where i > 0 && !l.isEmpty && l.allSatisfy({ "=-~^".contains($0) }) && !lines[i - 1].isEmpty {
            #expect(l.count == lines[i - 1].count || lines[i - 1].allSatisfy({ "=-~^".contains($0) }), "\(lines[i - 1])")
        }
        #expect(rst.contains(".. _index-lists:\n\nLists & tables\n--------------\n"))
        #expect(rst.contains(":ref:`see other <other-code-here>`"))
        #expect(rst.contains(".. toctree::"))
    }

    @Test func markdownAndHTMLSpecifics() throws {
        let md = MarkdownRenderer().renderPage(Self.sample.pages[0], in: Self.sample)
        #expect(md.contains("> [!NOTE]\n> A note with `code`."))
        #expect(md.contains("| `x\\|y` |"))
        #expect(md.contains("(other.md#code-here)"))
        #expect(md.contains("- [x] done"))
        let html = HTMLRenderer().renderPage(Self.sample.pages[0], in: Self.sample)
        #expect(html.contains("<h2 id=\"lists\">"))
        #expect(html.contains("<a href=\"other.html#code-here\">"))
        #expect(html.contains("aria-current=\"page\""))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("<link"))
    }
}
