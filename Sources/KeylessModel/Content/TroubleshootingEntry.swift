/// One failure mode: what users see, why, how to confirm it, how to fix it, and what catches it early.
public struct TroubleshootingEntry: Hashable, Sendable {
    public var id: String
    public var title: String
    /// Grouping on the index page (for example "Not authorized to perform sts:AssumeRoleWithWebIdentity").
    public var symptomGroup: String
    /// Verbatim log lines, each with where the text comes from.
    public var symptoms: [LogLine]
    public var cause: [Block]
    public var confirm: [Block]
    public var fix: [Block]
    /// The `keyless` rule that reports this before a push, if any.
    public var rule: String?
    public var sources: [Reference]

    public init(
        id: String, title: String, symptomGroup: String, symptoms: [LogLine], cause: [Block], confirm: [Block],
        fix: [Block], rule: String? = nil, sources: [Reference]
    ) {
        self.id = id
        self.title = title
        self.symptomGroup = symptomGroup
        self.symptoms = symptoms
        self.cause = cause
        self.confirm = confirm
        self.fix = fix
        self.rule = rule
        self.sources = sources
    }
}
