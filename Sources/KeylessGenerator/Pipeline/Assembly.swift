import KeylessIaC
import KeylessSyntax
import KeylessModel

/// Assemble-time rules for the document set: ids are unique and kebab-case, cross-references resolve,
/// and every code block that names a snippet carries exactly that checked snippet's text.
public enum Assembly {
    public static func verify(_ docs: DocumentSet, library: SnippetLibrary) throws(DiagnosticError) {
        var problems: [Diagnostic] = []
        func report(_ page: String, _ message: String, _ rule: String) {
            problems.append(Diagnostic(at: SourceLocation(path: "page:\(page)"), message, rule: rule))
        }
        var pageIDs = Set<String>()
        for page in docs.pages {
            if !pageIDs.insert(page.id).inserted { report(page.id, "duplicate page id '\(page.id)'", "page-duplicate-id") }
            if !Validate.isKebab(page.id) { report(page.id, "page id '\(page.id)' must be kebab-case", "page-id") }
        }
        if docs.page("index") == nil { report("index", "the document set has no 'index' page", "page-index") }
        // Section ids of each linked page, computed once per page rather than once per link.
        var sectionIDsOf: [String: Set<String>] = [:]
        for page in docs.pages {
            var sectionIDs = Set<String>()
            func visit(_ sections: [Section]) {
                for s in sections {
                    if !sectionIDs.insert(s.id).inserted { report(page.id, "duplicate section id '\(s.id)'", "page-duplicate-id") }
                    if !Validate.isKebab(s.id) { report(page.id, "section id '\(s.id)' must be kebab-case", "page-id") }
                    visit(s.subsections)
                }
            }
            visit(page.sections)
            forEachBlock(in: page) { block in
                switch block {
                case .code(let sample):
                    if let path = sample.snippet {
                        guard let s = library[path: path] else {
                            report(page.id, "code block names unchecked snippet \(path)", "snippet-unchecked")
                            return
                        }
                        if s.text != sample.text { report(page.id, "code block differs from snippet \(path)", "snippet-unchecked") }
                    }
                    if !sample.text.hasSuffix("\n") { report(page.id, "code block text must end with a newline", "page-code") }
                    // A tab is always a grapheme of its own, so its byte is enough (snippets run to megabytes).
                    if sample.text.utf8.contains(9) { report(page.id, "code block text must not contain tabs (RST expands them)", "page-code") }
                default: break
                }
            } inline: { inline in
                if case .pageRef(let target, let section, _) = inline {
                    guard let p = docs.page(target) else {
                        report(page.id, "link to unknown page '\(target)'", "page-ref")
                        return
                    }
                    if let section {
                        let ids = sectionIDsOf[target] ?? allSectionIDs(p)
                        sectionIDsOf[target] = ids
                        if !ids.contains(section) { report(page.id, "link to unknown section '\(target)#\(section)'", "page-ref") }
                    }
                }
            }
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
    }

    static func allSectionIDs(_ page: Page) -> Set<String> {
        var ids = Set<String>()
        func visit(_ s: [Section]) { for x in s { ids.insert(x.id); visit(x.subsections) } }
        visit(page.sections)
        return ids
    }

    /// Visits every block and inline of a page, depth first.
    public static func forEachBlock(in page: Page, _ body: (Block) -> Void, inline: (Inline) -> Void) {
        func inlines(_ xs: [Inline]) {
            for x in xs {
                inline(x)
                switch x {
                case .emphasis(let c), .strong(let c), .link(_, let c), .pageRef(_, _, let c): inlines(c)
                default: break
                }
            }
        }
        func blocks(_ bs: [Block]) {
            for b in bs {
                body(b)
                switch b {
                case .paragraph(let i): inlines(i)
                case .list(_, let items): items.forEach(blocks)
                case .admonition(_, let c): blocks(c)
                case .checklist(let c): c.items.forEach { inlines($0.text) }
                case .table(let t): (t.header + t.rows.flatMap { $0 }).forEach(inlines)
                case .tabs(let tabs): tabs.forEach { blocks($0.blocks) }
                case .code, .diagram: break
                }
            }
        }
        blocks(page.intro)
        func sections(_ ss: [Section]) { for s in ss { blocks(s.blocks); sections(s.subsections) } }
        sections(page.sections)
    }
}
