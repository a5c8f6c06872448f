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
        let snippets = Timings.shared.measure("snippets (models)") { catalog.snippets(for: config) }
        // Stage times are summed over the workers; the `(wall)` lines are what the stage took end to end.
        let checked = try Timings.shared.measure("check stage (wall)") { () throws(DiagnosticError) in
            try SnippetChecker(emitter: SnippetEmitter(pins: catalog.pins)).check(snippets)
        }
        // Every snippet goes through the linter; only `before/` snippets may have findings. Lint looks at
        // each snippet alone (`ContentCatalog.lint`), so halves of the list are linted at once.
        let findings = Timings.shared.measure("lint (keyless check)") { Self.lint(catalog, checked) }
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
        let rendered = Timings.shared.measure("render stage (wall)") {
            Parallel.map(order, workers: Parallel.workers()) { i -> Result<[RenderedFile], DiagnosticError> in
                let r = chosen[i]
                do { return .success(try Timings.shared.measure("render \(r.format.rawValue) (total)") { try r.render(documents) }) } catch {
                    return .failure(DiagnosticError([Diagnostic(at: SourceLocation(path: "docs/\(r.format.rawValue)"), "rendering failed: \(error)", rule: "render")]))
                }
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

    /// The catalog's findings for the snippets: one `lint` call per worker over a contiguous share,
    /// concatenated in order (the same list one call over all of them gives).
    static func lint(_ catalog: some ContentCatalog, _ checked: [CheckedSnippet]) -> [Diagnostic] {
        let workers = min(Parallel.workers(), max(1, checked.count / 64))
        guard workers > 1 else { return catalog.lint(checked) }
        let size = (checked.count + workers - 1) / workers
        let shares = stride(from: 0, to: checked.count, by: size).map { Array(checked[$0..<min($0 + size, checked.count)]) }
        return Parallel.map(shares, workers: workers) { catalog.lint($0) }.flatMap { $0 }
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
