import KeylessCredentials
import KeylessSyntax
import KeylessModel
import Yams

extension Linter {
    /// A workflow file's findings: parse once, build the context once, run every workflow rule over it.
    func lintWorkflow(_ text: String, path: String) -> (diagnostics: [Diagnostic], parsed: Bool, decoded: DecodedWorkflow?) {
        let reader = YAMLReader(path: path, strict: false, rule: "workflow-shape", nodeBudget: 2_000_000)
        guard let root = Timings.shared.measure("parse (Yams)", { reader.compose(text) }) else { return (reader.diagnostics, false, nil) }
        let context: WorkflowContext
        // Local actions and reusable workflows are read from the repository the file is in.
        let credentials = Timings.shared.measure("credentials") {
            CredentialsAnalyzer(files: LocalFiles.around(workflowPath: path)).analyze(path: path, text: text, root: root)
        }
        var decoded: DecodedWorkflow?
        if case .sequence(let items) = root {
            // A fragment of steps: the step rules apply; job and workflow context is unknown.
            let steps = items.enumerated().compactMap { WorkflowCodec.decodeStep($0.element, index: $0.offset, job: "fragment", reader) }
            guard reader.diagnostics.isEmpty else { return (reader.diagnostics, false, nil) }
            context = WorkflowContext(path: path, root: root, fragment: steps, pins: pins, credentials: credentials)
        } else {
            guard let w = Timings.shared.measure("decode", { WorkflowCodec.decode(root, reader: reader) }) else { return (reader.diagnostics, false, nil) }
            context = WorkflowContext(path: path, root: root, workflow: w, pins: pins, credentials: credentials)
            // Kept only for files that can take part in a reusable-workflow call (the cross-file rules).
            decoded = Self.mayTakePartInACall(text) ? DecodedWorkflow(path: path, root: root, workflow: w) : nil
        }
        var report = RuleReport(path: path, root: root, rule: Rules.workflow[0].rule)
        Timings.shared.measure("rules") {
            for rule in Rules.workflowRunOrder {
                report.rule = rule.rule
                rule.check(context, report: &report)
            }
        }
        return (report.diagnostics, true, decoded)
    }
}
