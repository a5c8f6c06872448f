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
        // The formats are rendered from the same documents independently: on every core, the slowest
        // first so it is not left for last; files and the first failure are taken in renderer order.
        let chosen = renderers.filter { formats.contains($0.format) }
        let order = chosen.indices.sorted { Self.renderCost(chosen[$0].format) > Self.renderCost(chosen[$1].format) }
        let rendered = Parallel.map(order, workers: Parallel.workers()) { i -> Result<[RenderedFile], DiagnosticError> in
            let r = chosen[i]
            do { return .success(try Timings.shared.measure("render \(r.format.rawValue) (total)") { try r.render(documents) }) } catch {
                return .failure(DiagnosticError([Diagnostic(at: SourceLocation(path: "docs/\(r.format.rawValue)"), "rendering failed: \(error)", rule: "render")]))
            }
        }
        var byRenderer = [Result<[RenderedFile], DiagnosticError>?](repeating: nil, count: chosen.count)
        for (k, i) in order.enumerated() { byRenderer[i] = rendered[k] }
        for (r, result) in zip(chosen, byRenderer) {
            switch result! {
            case .success(let f): files += f
            case .failure(let e): throw e
            }
            scope.append("docs/\(r.format.rawValue)/")
        }
        return Output(files: files.sorted { $0.path < $1.path }, documents: documents, snippets: checked, scope: scope)
    }

    /// Relative rendering time of a format (measured with `--timings`), so the longest starts first.
    static func renderCost(_ format: OutputFormat) -> Int {
        switch format {
        case .mkdocs: return 4
        case .rst: return 3
        case .markdown: return 2
        default: return 1
        }
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
