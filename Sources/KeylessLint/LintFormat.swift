import KeylessSyntax

/// Output formats of `keyless check`.
public enum LintFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github

    public func render(_ diagnostics: [Diagnostic]) -> String {
        switch self {
        case .text:
            return diagnostics.map { $0.description + "\n" }.joined()
        case .github:
            // Workflow commands: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
            return diagnostics.map { d in
                let level = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
                return "::\(level) file=\(escapeProperty(d.location.path)),line=\(d.location.line),col=\(d.location.column),title=\(escapeProperty(d.rule))::\(escapeData(d.message))\n"
            }.joined()
        case .json:
            let items = diagnostics.map { d -> JSONValue in
                .object([("path", .string(d.location.path)), ("line", .int(d.location.line)), ("column", .int(d.location.column)),
                         ("severity", .string(d.severity.rawValue)), ("rule", .string(d.rule)), ("message", .string(d.message))])
            }
            return JSONEmitter.emit(.array(items))
        case .sarif:
            return SARIF.render(tool: SARIF.Tool(name: "keyless"), rules: Rules.all.map(\.sarifDescriptor), results: diagnostics.map(SARIF.Result.init))
        }
    }

    func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
