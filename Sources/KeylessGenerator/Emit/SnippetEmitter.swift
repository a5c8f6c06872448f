import KeylessIaC
import KeylessSyntax
import KeylessModel

/// Emit: a snippet's model to text, deterministically.
public struct SnippetEmitter: Sendable {
    public var pins: ActionPins

    public init(pins: ActionPins) {
        self.pins = pins
    }

    public func emit(_ snippet: Snippet) throws(DiagnosticError) -> String {
        switch snippet.content {
        case .workflow(let w):
            return try yaml(WorkflowCodec.encode(w, pins: pins), snippet)
        case .steps(let steps):
            return try yaml(.sequence(steps.map { WorkflowCodec.encode($0, pins: pins) }), snippet)
        case .policy(let p):
            return PolicyCodec.text(p)
        case .shell(let commands):
            return ShellScript.text(commands)
        case .terraform(let setup):
            return TerraformIAM.text(setup)
        case .cloudFormation(let setup):
            return CloudFormationIAM.text(setup)
        case .awsCLIScript(let setup):
            let problems = CLIScriptIAM.problems(setup)
            guard problems.isEmpty else {
                throw DiagnosticError(problems.map { Diagnostic(at: SourceLocation(path: snippet.path), "snippet '\(snippet.id)': \($0)", rule: "snippet-shell") })
            }
            return CLIScriptIAM.text(setup)
        }
    }

    private func yaml(_ value: YAMLValue, _ snippet: Snippet) throws(DiagnosticError) -> String {
        var value = value
        var missing: [Diagnostic] = []
        for c in snippet.comments where !value.setComment(c.text, at: c.path) {
            missing.append(Diagnostic(at: SourceLocation(path: snippet.path), "comment path \(c.path.joined(separator: ".")) does not exist in snippet '\(snippet.id)'", rule: "snippet-comment"))
        }
        guard missing.isEmpty else { throw DiagnosticError(missing) }
        return YAMLEmitter().emit(value)
    }
}
