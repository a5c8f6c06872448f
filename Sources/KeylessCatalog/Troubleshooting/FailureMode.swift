import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// One troubleshooting entry and the snippets of its fix. Each failure mode lives in its own file
/// as `static func NAME(_ ref: Reference) -> FailureMode` and is registered in `TroubleshootingCatalog.all`.
struct FailureMode {
    /// The entry; its `symptoms` are the lines of `symptoms` below, filled in by the initialiser.
    var entry: TroubleshootingEntry
    /// Each verbatim line with how it is known (reproduced by the harness, or quoted with its source).
    var symptoms: [Symptom]
    /// What the fix changes, before and after; checked like every other snippet.
    var before: Snippet?
    var after: Snippet?
    /// What catches it before a push when no static rule can (`keyless doctor`, a check in
    /// the AWS account); nil gives the standard sentence for the entry's rule or its absence.
    var prevent: [Block]? = nil

    init(entry: TroubleshootingEntry, symptoms: [Symptom], before: Snippet? = nil, after: Snippet? = nil, prevent: [Block]? = nil) {
        self.entry = entry
        self.entry.symptoms = symptoms.map(\.line)
        self.symptoms = symptoms
        self.before = before
        self.after = after
        self.prevent = prevent
    }

    var snippets: [Snippet] { [before, after].compactMap { $0 } }

    var pageID: String { "troubleshooting-\(entry.id)" }

    func page(_ library: SnippetLibrary) throws(DiagnosticError) -> Page {
        var symptom: [Block] = []
        for s in symptoms {
            let line = s.line
            symptom.append(.code(CodeSample(language: "text", text: line.text + "\n")))
            // `printedBy` is CommonMark, so a version note can quote an input name as code.
            symptom += [.paragraph([.text("Printed by ")] + Prose.inlines(line.printedBy)
                + [.text(". Source: "), .link(url: line.source.url, [.text(line.source.title)]), .text(".")])]
            symptom += Prose.blocks(s.knownProse)
        }
        var fix = entry.fix
        if let before { fix += [.paragraph([.strong([.text("Before")])]), try library.block(before.id)] }
        if let after { fix += [.paragraph([.strong([.text("After")])]), try library.block(after.id)] }
        let rule: [Block] = entry.rule.map { id in
            Prose.blocks("`keyless` reports this before you push: rule `\(id)`.")
        } ?? Prose.blocks("No static rule can see this: it depends on the AWS account, not on the files.")
        let catchEarly = entry.rule == nil ? (prevent ?? rule) : rule + (prevent ?? [])
        return Page(
            id: pageID, title: entry.title, summary: entry.symptoms.first?.text ?? entry.title,
            sections: [
                Section(id: "symptom", title: "Symptom", blocks: symptom),
                Section(id: "cause", title: "Cause", blocks: entry.cause),
                Section(id: "confirm", title: "How to confirm", blocks: entry.confirm),
                Section(id: "fix", title: "Fix", blocks: fix),
                Section(id: "prevent", title: "Catch it early", blocks: catchEarly),
                Section(id: "sources", title: "Sources", blocks: [
                    .list(ordered: false, items: entry.sources.map { [.paragraph([.link(url: $0.url, [.text($0.title)])])] })
                ]),
            ])
    }
}

enum TroubleshootingCatalog {
    /// Every failure mode, in the order the index lists them within their group.
    static func entries(_ ref: Reference) -> [FailureMode] {
        all.map { $0(ref) }
    }

    static let all: [@Sendable (Reference) -> FailureMode] = [
        // Credentials could not be loaded
        FailureMode.missingIDTokenPermission,
        FailureMode.longLivedKeysStillUsed,
        FailureMode.forkPullRequestNoToken,
        FailureMode.dependabotNoToken,
        FailureMode.emptyRoleToAssume,
        // The workflow is not valid (GitHub rejects the run before it starts)
        FailureMode.nestedJobIDTokenNone,
        // Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable
        FailureMode.tokenRequestVariablesMissing,
        // Not authorized to perform sts:AssumeRoleWithWebIdentity
        FailureMode.subMismatchEnvironment,
        FailureMode.subMismatchPullRequest,
        FailureMode.subMismatchRef,
        FailureMode.reusableWorkflowCallerSub,
        FailureMode.immutableSubjectFormat,
        FailureMode.subCaseMismatch,
        FailureMode.customSubTemplate,
        FailureMode.subColonEncoding,
        FailureMode.stringEqualsWildcard,
        FailureMode.trustAudienceConditionMismatch,
        FailureMode.trustWrongActionOrPrincipal,
        FailureMode.unsupportedClaimConditionKey,
        FailureMode.secondCredentialsStepWithoutChaining,
        FailureMode.selfHostedInstanceCredentials,
        // is not authorized to perform: sts:TagSession
        FailureMode.chainingTagSessionDenied,
        // No OpenIDConnect provider found
        FailureMode.oidcProviderMissing,
        FailureMode.issuerHostMismatch,
        FailureMode.ghesEndToEnd,
        // Incorrect token audience
        FailureMode.audienceNotOnProvider,
        // Input validation
        FailureMode.roleSessionNameInvalid,
        FailureMode.bareRoleNameWithoutAccount,
        FailureMode.regionMissingOrInvalid,
        // Request ARN is invalid
        FailureMode.roleARNInvalid,
        // The requested DurationSeconds exceeds …
        FailureMode.durationExceedsMaxSession,
        FailureMode.roleChainingOverOneHour,
        // The security token included in the request is expired
        FailureMode.expiredTokenLongJob,
        // does not match any of the expected account IDs
        FailureMode.allowedAccountIDs,
        // is not authorized to perform: iam:PassRole
        FailureMode.accessDeniedAfterAuthenticating,
        // Transient STS failures
        FailureMode.verificationKeyUnreachable,
        FailureMode.stsThrottling,
        FailureMode.thumbprintMismatch,
        // The role admits jobs it should refuse
        FailureMode.trustMissingSub,
        FailureMode.trustOverbroadSubject,
        FailureMode.trustForAllValuesAllow,
    ]

    static func indexPage(_ modes: [FailureMode]) -> Page {
        var groups: [String] = []
        for m in modes where !groups.contains(m.entry.symptomGroup) { groups.append(m.entry.symptomGroup) }
        let sections = groups.enumerated().map { i, group in
            Section(id: "group-\(i + 1)", title: group, blocks: [
                .list(ordered: false, items: modes.filter { $0.entry.symptomGroup == group }.map { m in
                    [.paragraph([.pageRef(page: m.pageID, section: nil, [.text(m.entry.title)])])]
                })
            ])
        }
        return Page(
            id: "troubleshooting", title: "Troubleshooting",
            summary: "Real failures of GitHub Actions to AWS OIDC: the log line, the cause, the fix.",
            intro: Prose.blocks("""
                Find the line your job printed, then open its entry. Each entry gives the verbatim log line and \
                how it is known (reproduced by running the real action in the tests, or quoted with its source), \
                why it happens, how to confirm it, the fix as a before/after snippet, and the `keyless` rule \
                that catches it before a push.
                """),
            sections: [PasteYourLog.section(modes)] + sections)
    }
}
