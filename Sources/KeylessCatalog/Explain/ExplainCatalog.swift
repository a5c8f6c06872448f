import KeylessSyntax
import KeylessDocs
import KeylessGenerator
import KeylessExplain
import KeylessModel

/// The troubleshooting entries as `keyless explain` reads them: each entry's own verbatim symptom lines
/// and version ranges, its cause, confirmation and fix, and where its page is. Nothing here is per entry.
public enum ExplainCatalog {
    /// The entries of the guide built from `config`, in the index's order.
    public static func entries(_ config: KeylessConfig) -> [ExplainEntry] {
        entries(TroubleshootingCatalog.entries(Reference(config: config, pins: ActionPinTable.table)))
    }

    static func entries(_ modes: [FailureMode]) -> [ExplainEntry] {
        modes.map(entry)
    }

    /// The page's sections as `FailureMode.page` titles them; a test checks the anchors against the
    /// generated Markdown.
    static let sectionTitles: [(id: String, title: String)] = [
        ("symptom", "Symptom"), ("cause", "Cause"), ("confirm", "How to confirm"), ("fix", "Fix"),
    ]

    static func entry(_ m: FailureMode) -> ExplainEntry {
        let symptoms = m.symptoms.map { s -> ExplainEntry.Symptom in
            switch s.known {
            case .reproduced(_, let v):
                return .init(text: s.line.text, reproduced: true, from: v.from, through: v.through, versions: v.description)
            case .quoted(_, let versions):
                return .init(text: s.line.text, reproduced: false, versions: versions)
            }
        }
        let skeleton = Page(id: m.pageID, title: m.entry.title, summary: "",
                            sections: sectionTitles.map { Section(id: $0.id, title: $0.title) })
        return ExplainEntry(
            id: m.entry.id, title: m.entry.title, group: m.entry.symptomGroup, symptoms: symptoms,
            cause: PlainMarkdown.blocks(m.entry.cause), confirm: PlainMarkdown.blocks(m.entry.confirm),
            fix: PlainMarkdown.blocks(m.entry.fix), rule: m.entry.rule,
            page: "docs/md/\(m.pageID).md", anchors: GitHubSlug.anchors(of: skeleton))
    }
}

/// Blocks as plain CommonMark for a terminal or a Markdown report: code as backticks, links with their
/// address, links to other pages as their `docs/md/` path.
enum PlainMarkdown {
    static func blocks(_ blocks: [Block]) -> String {
        blocks.map(block).filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    static func block(_ b: Block) -> String {
        switch b {
        case .paragraph(let i): return inlines(i)
        case .code(let c):
            return "```\(c.language)\n" + (c.text.hasSuffix("\n") ? c.text : c.text + "\n") + "```"
        case .list(let ordered, let items):
            return items.enumerated().map { n, item in
                let body = blocks(item).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    .map { $0 == 0 ? String($1) : "   " + $1 }.joined(separator: "\n")
                return (ordered ? "\(n + 1). " : "- ") + body
            }.joined(separator: "\n")
        case .checklist(let c): return c.items.map { "- [\($0.done ? "x" : " ")] " + inlines($0.text) }.joined(separator: "\n")
        case .table(let t):
            return ([t.header] + t.rows).map { row in "| " + row.map(inlines).joined(separator: " | ") + " |" }.joined(separator: "\n")
        case .admonition(_, let inner): return blocks(inner)
        case .diagram(let d): return d.alt
        case .tabs(let tabs): return tabs.map { "**\($0.title)**\n\n" + blocks($0.blocks) }.joined(separator: "\n\n")
        }
    }

    static func inlines(_ i: [Inline]) -> String { i.map(inline).joined() }

    static func inline(_ i: Inline) -> String {
        switch i {
        case .text(let s): return s
        case .code(let s): return "`\(s)`"
        case .emphasis(let c): return "*\(inlines(c))*"
        case .strong(let c): return "**\(inlines(c))**"
        case .link(let url, let c): return "[\(inlines(c))](\(url))"
        case .pageRef(let page, _, let c): return "[\(inlines(c))](docs/md/\(page).md)"
        }
    }
}
