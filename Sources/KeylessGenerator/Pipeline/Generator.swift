import KeylessIaC
import KeylessSyntax
import KeylessModel

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
        let documents = try Self.assemble(catalog, config, library)
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

    /// Analyse, then assemble: generic so the catalog's own `Analysis` type flows from one stage to the next.
    static func assemble<C: ContentCatalog>(_ catalog: C, _ config: KeylessConfig, _ library: SnippetLibrary) throws(DiagnosticError) -> DocumentSet {
        let analysis = try Timings.shared.measure("analyze") { () throws(DiagnosticError) in try catalog.analyze(config) }
        return try Timings.shared.measure("assemble") { () throws(DiagnosticError) in
            let d = try catalog.documents(for: config, analysis: analysis, library: library)
            try Assembly.verify(d, library: library)
            return d
        }
    }
}
