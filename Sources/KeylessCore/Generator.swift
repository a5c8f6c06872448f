import KeylessModel

/// Where the reference content comes from: the catalog builds snippets and pages from the configuration.
public protocol ContentCatalog: Sendable {
    /// The pinned action versions reference output uses.
    var pins: ActionPins { get }
    func snippets(for config: KeylessConfig) -> [Snippet]
    /// Pages may show snippets only through `library`, which holds checked ones.
    func documents(for config: KeylessConfig, library: SnippetLibrary) throws(DiagnosticError) -> DocumentSet
    /// Lint findings for checked snippets (`keyless check`); reference output must have none.
    func lint(_ snippets: [CheckedSnippet]) -> [Diagnostic]
}

extension ContentCatalog {
    public func lint(_ snippets: [CheckedSnippet]) -> [Diagnostic] { [] }
}

/// The checked snippets by id, with the lint findings of the `before` ones (shown in the guide).
public struct SnippetLibrary: Sendable {
    public let snippets: [CheckedSnippet]
    /// Findings of `keyless check` on snippets that show a wrong form on purpose, by snippet path.
    public let findings: [String: [Diagnostic]]
    private let byID: [String: CheckedSnippet]

    public init(_ snippets: [CheckedSnippet], findings: [String: [Diagnostic]] = [:]) {
        self.snippets = snippets
        self.findings = findings
        self.byID = Dictionary(snippets.map { ($0.snippet.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public subscript(id: String) -> CheckedSnippet? { byID[id] }

    /// The snippet's code block, or a diagnostic naming the missing id.
    public func block(_ id: String) throws(DiagnosticError) -> Block {
        guard let s = byID[id] else {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: "docs-src/keyless.yml"), "page refers to unknown snippet '\(id)'", rule: "snippet-unknown")])
        }
        return s.block
    }
}

/// The whole pipeline from configuration to files: Emit → Check → Assemble → Render. Pure: it returns
/// the files; the caller decides whether to write them or compare them.
public struct Generator: Sendable {
    public var catalog: any ContentCatalog
    public var renderers: [any DocumentRenderer]

    public init(catalog: any ContentCatalog, renderers: [any DocumentRenderer]) {
        self.catalog = catalog
        self.renderers = renderers
    }

    public struct Output: Sendable {
        public var files: [RenderedFile]
        public var documents: DocumentSet
        public var snippets: [CheckedSnippet]
        /// Path prefixes this run owns (snippets and the rendered formats).
        public var scope: [String]
    }

    public func generate(_ config: KeylessConfig, formats: Set<OutputFormat> = Set(OutputFormat.allCases)) throws(DiagnosticError) -> Output {
        let checked = try SnippetChecker(emitter: SnippetEmitter(pins: catalog.pins)).check(catalog.snippets(for: config))
        // Every snippet goes through the linter; only `before/` snippets may have findings.
        let findings = Timings.shared.measure("lint (keyless check)") { catalog.lint(checked) }
        let beforePaths = Set(checked.filter(\.snippet.isBefore).map(\.snippet.path))
        let unexpected = findings.filter { !beforePaths.contains($0.location.path) }
        guard unexpected.isEmpty else { throw DiagnosticError(unexpected) }
        let library = SnippetLibrary(checked, findings: Dictionary(grouping: findings, by: { (d: Diagnostic) in d.location.path }))
        let documents = try Timings.shared.measure("assemble") { () throws(DiagnosticError) in
            let d = try catalog.documents(for: config, library: library)
            try Assembly.verify(d, library: library)
            return d
        }
        var files = checked.map { RenderedFile(path: $0.snippet.path, contents: $0.text) }
        var scope = ["Snippets/"]
        for r in renderers where formats.contains(r.format) {
            do { files += try Timings.shared.measure("render \(r.format.rawValue) (total)") { try r.render(documents) } } catch {
                throw DiagnosticError([Diagnostic(at: SourceLocation(path: "docs/\(r.format.rawValue)"), "rendering failed: \(error)", rule: "render")])
            }
            scope.append("docs/\(r.format.rawValue)/")
        }
        return Output(files: files.sorted { $0.path < $1.path }, documents: documents, snippets: checked, scope: scope)
    }
}

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
                        guard let s = library.snippets.first(where: { $0.snippet.path == path }) else {
                            report(page.id, "code block names unchecked snippet \(path)", "snippet-unchecked")
                            return
                        }
                        if s.text != sample.text { report(page.id, "code block differs from snippet \(path)", "snippet-unchecked") }
                    }
                    if !sample.text.hasSuffix("\n") { report(page.id, "code block text must end with a newline", "page-code") }
                    if sample.text.contains("\t") { report(page.id, "code block text must not contain tabs (RST expands them)", "page-code") }
                default: break
                }
            } inline: { inline in
                if case .pageRef(let target, let section, _) = inline {
                    guard let p = docs.page(target) else {
                        report(page.id, "link to unknown page '\(target)'", "page-ref")
                        return
                    }
                    if let section, !allSectionIDs(p).contains(section) {
                        report(page.id, "link to unknown section '\(target)#\(section)'", "page-ref")
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
