import KeylessIaC
import KeylessSyntax
import KeylessModel

/// Check: parse each emitted snippet back with a real reader (Yams for YAML, Foundation for JSON),
/// decode it into the model and require equality. This runs on every generation and cannot be skipped:
/// it is the only way to obtain a `CheckedSnippet`.
public struct SnippetChecker: Sendable {
    public var emitter: SnippetEmitter

    public init(emitter: SnippetEmitter) {
        self.emitter = emitter
    }

    /// Emits and checks every snippet, reporting all failures at once. Snippets are independent, so
    /// they are emitted and parsed back on every core (`workers`, default the active cores); results
    /// and problems come back in the snippets' order, so the outcome is the same bytes for any count.
    public func check(_ snippets: [Snippet], workers: Int? = nil) throws(DiagnosticError) -> [CheckedSnippet] {
        // One outcome per snippet, in order: a duplicate path, emission or parse-back failure, or its text.
        enum Outcome: Sendable {
            case duplicate(Diagnostic)
            case checked(CheckedSnippet)
            case failed([Diagnostic])
        }
        var seenPaths: [String: String] = [:]
        var duplicates: [Int: Diagnostic] = [:]
        for (i, s) in snippets.enumerated() {
            if let other = seenPaths.updateValue(s.id, forKey: s.path) {
                duplicates[i] = Diagnostic(at: SourceLocation(path: s.path), "snippets '\(other)' and '\(s.id)' share this path", rule: "snippet-duplicate")
            }
        }
        let emitter = self.emitter
        let checker = self
        let duplicated = duplicates
        // The whole-setup IaC snippets are the largest by far: start them first so no worker is left with one.
        let order = snippets.indices.filter { Self.isWholeSetup(snippets[$0]) } + snippets.indices.filter { !Self.isWholeSetup(snippets[$0]) }
        let unordered = Parallel.map(order, workers: Parallel.workers(workers)) { i -> Outcome in
            if let d = duplicated[i] { return .duplicate(d) }
            let s = snippets[i]
            do throws(DiagnosticError) {
                let text = try Timings.shared.measure("emit") { () throws(DiagnosticError) in try emitter.emit(s) }
                try Timings.shared.measure("parse-back (Yams, JSON)") { () throws(DiagnosticError) in try checker.verify(s, text) }
                return .checked(CheckedSnippet(snippet: s, text: text))
            } catch {
                return .failed(error.diagnostics)
            }
        }
        var outcomes = [Outcome?](repeating: nil, count: snippets.count)
        for (k, i) in order.enumerated() { outcomes[i] = unordered[k] }
        var checked: [CheckedSnippet] = []
        var problems: [Diagnostic] = []
        for case let o? in outcomes {
            switch o {
            case .duplicate(let d): problems.append(d)
            case .checked(let c): checked.append(c)
            case .failed(let ds): problems += ds
            }
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        return checked
    }

    static func isWholeSetup(_ s: Snippet) -> Bool {
        switch s.content {
        case .terraform, .cloudFormation, .awsCLIScript: return true
        default: return false
        }
    }

    /// Parses `text` back and compares the decoded value with the snippet's model.
    public func verify(_ s: Snippet, _ text: String) throws(DiagnosticError) {
        let at = SourceLocation(path: s.path)
        func fail(_ message: String) -> DiagnosticError {
            DiagnosticError([Diagnostic(at: at, "snippet '\(s.id)': \(message)", rule: "parse-back")])
        }
        guard text.hasSuffix("\n"), !text.hasSuffix("\n\n") else { throw fail("must end with exactly one newline") }
        switch s.content {
        case .workflow(let model):
            let r = YAMLReader(path: s.path, strict: true, rule: "parse-back")
            let decoded = WorkflowCodec.decode(text, reader: r)
            guard r.diagnostics.isEmpty, let decoded else { throw DiagnosticError(r.diagnostics) }
            guard decoded == model else { throw fail("parsed back differently: \(Difference.first(model, decoded))") }
        case .steps(let model):
            let r = YAMLReader(path: s.path, strict: true, rule: "parse-back")
            guard let root = r.compose(text), let items = r.sequence(root, "the steps") else { throw DiagnosticError(r.diagnostics) }
            let decoded = items.enumerated().compactMap { WorkflowCodec.decodeStep($0.element, index: $0.offset, job: s.id, r) }
            guard r.diagnostics.isEmpty else { throw DiagnosticError(r.diagnostics) }
            guard decoded == model else { throw fail("parsed back differently: \(Difference.first(model, decoded))") }
        case .policy(let model):
            let decoded: PolicyDocument
            do { decoded = try PolicyCodec.decode(text) } catch { throw fail(error.description) }
            guard decoded == model else { throw fail("parsed back differently: \(Difference.first(model, decoded))") }
        case .shell(let model):
            guard let decoded = ShellScript.parse(text) else { throw fail("the shell text does not split back into commands") }
            guard decoded == model else { throw fail("parsed back differently: \(Difference.first(model, decoded))") }
        case .terraform(let model):
            try compare(model, at: at) { () throws(IaCParseError) in try TerraformIAM.parse(text, account: model.account, partition: model.partition) }
        case .cloudFormation(let model):
            try compare(model, at: at) { () throws(IaCParseError) in try CloudFormationIAM.parse(text, account: model.account, partition: model.partition) }
        case .awsCLIScript(let model):
            try compare(model, at: at) { () throws(IaCParseError) in
                try CLIScriptIAM.parse(text, account: model.account, organization: model.organization, repositories: model.repositories, partition: model.partition)
            }
        }
    }

    /// IaC parse-back: the text read back (intrinsics and variables resolved) must give the same setup.
    func compare(_ model: IAMSetup, at: SourceLocation, _ parse: () throws(IaCParseError) -> IAMSetup) throws(DiagnosticError) {
        let decoded: IAMSetup
        do { decoded = try parse() } catch {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: at.path, line: error.line, column: 1), "snippet does not parse back: \(error.message)", rule: "parse-back")])
        }
        guard decoded == model else {
            throw DiagnosticError([Diagnostic(at: at, "snippet parsed back differently: \(Difference.first(model, decoded))", rule: "parse-back")])
        }
    }
}

/// The first line where two values' dumps differ, to say what did not survive the round trip.
enum Difference {
    static func first<T>(_ a: T, _ b: T) -> String {
        var da = "", db = ""
        dump(a, to: &da)
        dump(b, to: &db)
        let la = da.split(separator: "\n"), lb = db.split(separator: "\n")
        for (x, y) in zip(la, lb) where x != y {
            return "expected \(String(x).trimmingSpaces()), got \(String(y).trimmingSpaces())"
        }
        return "the values differ in length"
    }
}
