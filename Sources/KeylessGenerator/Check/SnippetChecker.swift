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

    /// Emits and checks every snippet, reporting all failures at once.
    public func check(_ snippets: [Snippet]) throws(DiagnosticError) -> [CheckedSnippet] {
        var checked: [CheckedSnippet] = []
        var problems: [Diagnostic] = []
        var seenPaths: [String: String] = [:]
        for s in snippets {
            if let other = seenPaths.updateValue(s.id, forKey: s.path) {
                problems.append(Diagnostic(at: SourceLocation(path: s.path), "snippets '\(other)' and '\(s.id)' share this path", rule: "snippet-duplicate"))
                continue
            }
            do {
                let text = try Timings.shared.measure("emit") { () throws(DiagnosticError) in try emitter.emit(s) }
                try Timings.shared.measure("parse-back (Yams, JSON)") { () throws(DiagnosticError) in try verify(s, text) }
                checked.append(CheckedSnippet(snippet: s, text: text))
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        return checked
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
