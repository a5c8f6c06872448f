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
        let documents = try Self.lintAndAssemble(catalog, config, checked)
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

    /// Lint, analyse, then assemble. Every snippet goes through the linter; only `before/` snippets may
    /// have findings. The analysis does not read the snippets, so it runs while they are linted (one task
    /// beside the lint shares); a problem is reported as before: unexpected findings first, then the analysis's.
    static func lintAndAssemble<C: ContentCatalog>(_ catalog: C, _ config: KeylessConfig, _ checked: [CheckedSnippet]) throws(DiagnosticError) -> DocumentSet {
        let work = [LintWork.analyze] + lintShares(checked).map(LintWork.lint)
        // `lint (keyless check)` and `analyze` are summed over the workers; this line is the stage end to end.
        let outcomes = Timings.shared.measure("lint stage (wall)") { Parallel.map(work, workers: Parallel.workers()) { w -> LintOutcome<C.Analysis> in
            switch w {
            case .analyze:
                do throws(DiagnosticError) {
                    return .analysis(.success(try Timings.shared.measure("analyze") { () throws(DiagnosticError) in try catalog.analyze(config) }))
                } catch {
                    return .analysis(.failure(error))
                }
            case .lint(let share):
                return .findings(Timings.shared.measure("lint (keyless check)") { catalog.lint(share) })
            }
        } }
        var findings: [Diagnostic] = []
        var analysis: Result<C.Analysis, DiagnosticError>?
        for o in outcomes {
            switch o {
            case .analysis(let a): analysis = a
            case .findings(let f): findings += f
            }
        }
        let beforePaths = Set(checked.filter(\.snippet.isBefore).map(\.snippet.path))
        let unexpected = findings.filter { !beforePaths.contains($0.location.path) }
        guard unexpected.isEmpty else { throw DiagnosticError(unexpected) }
        let library = SnippetLibrary(checked, findings: Dictionary(grouping: findings, by: { (d: Diagnostic) in d.location.path }))
        switch analysis! {
        case .success(let a): return try assemble(catalog, config, library, a)
        case .failure(let e): throw e
        }
    }

    /// The snippets in contiguous shares for `ContentCatalog.lint`, which looks at each snippet alone: the
    /// shares' findings concatenated in order are the list one call over all of them gives. Eight shares per
    /// worker, taken as workers free up, so a share of large snippets does not leave the other cores idle.
    static func lintShares(_ checked: [CheckedSnippet]) -> [[CheckedSnippet]] {
        let workers = min(Parallel.workers(), max(1, checked.count / 64))
        guard workers > 1 else { return [checked] }
        let size = max(1, (checked.count + workers * 8 - 1) / (workers * 8))
        return stride(from: 0, to: checked.count, by: size).map { Array(checked[$0..<min($0 + size, checked.count)]) }
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

    /// Assemble: generic so the catalog's own `Analysis` type flows from one stage to the next.
    static func assemble<C: ContentCatalog>(_ catalog: C, _ config: KeylessConfig, _ library: SnippetLibrary, _ analysis: C.Analysis) throws(DiagnosticError) -> DocumentSet {
        try Timings.shared.measure("assemble") { () throws(DiagnosticError) in
            let d = try catalog.documents(for: config, analysis: analysis, library: library)
            try Assembly.verify(d, library: library)
            return d
        }
    }
}

/// One task of the lint stage: the analysis, or a share of the snippets to lint.
private enum LintWork: Sendable {
    case analyze
    case lint([CheckedSnippet])
}

private enum LintOutcome<A: Sendable>: Sendable {
    case analysis(Result<A, DiagnosticError>)
    case findings([Diagnostic])
}
