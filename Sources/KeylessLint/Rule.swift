import KeylessSyntax
import KeylessModel

/// One rule's metadata: its id (the `[rule-id]` of every finding), severity, title, explanation and source.
/// The guide's "Rules" page, `--list-rules` and SARIF `rules` are built from these values, so the
/// documentation and the code cannot disagree.
public struct Rule: Hashable, Sendable {
    /// What a rule reads: `keyless check` has workflow and policy rules; `audit` names its findings too.
    public enum Target: String, Sendable { case workflow, policy, audit }

    public var id: String
    public var target: Target
    public var severity: Diagnostic.Severity
    public var title: String
    public var explanation: String
    public var source: KeylessModel.Reference

    public init(_ id: String, _ target: Target, _ severity: Diagnostic.Severity, title: String, explanation: String, source: KeylessModel.Reference) {
        self.id = id
        self.target = target
        self.severity = severity
        self.title = title
        self.explanation = explanation
        self.source = source
    }

    /// The rule as SARIF's `tool.driver.rules` lists it.
    public var sarifDescriptor: SARIF.RuleDescriptor {
        SARIF.RuleDescriptor(id: id, shortDescription: title, fullDescription: explanation, helpURI: source.url, level: severity)
    }
}
