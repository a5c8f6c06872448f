import KeylessModel
import ArgumentParser
import KeylessAnalysis
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

struct Claims: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict the OIDC claims (sub, environment, ref, job_workflow_ref) each job of a workflow presents.",
        discussion: """
            Without --event, one prediction per event the workflow's triggers allow (and, for a job that calls a \
            local reusable workflow read from the same folder, one per called job). A value that depends on an \
            expression is reported unknown, never guessed. --event for an event the triggers do not list is an \
            error (exit 2).
            """
    )

    @Argument(help: "The workflow file.")
    var workflow: String

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "text or json.")
    var format: ReportFormat = .text

    func run() throws {
        let source = try readWorkflow(workflow)
        let predictor = ClaimPredictor(
            repository: repository.repository, defaultBranch: repository.defaultBranch, workflowPath: source.workflowPath,
            callees: source.callees)
        let predictions: [ClaimPrediction]
        do {
            predictions = try predictor.predict(source.workflow, event: repository.event, ref: repository.ref)
        } catch {
            throw fail(DiagnosticError([Diagnostic(at: source.triggersLocation, error.description, rule: "event-not-triggered")]))
        }
        if format == .json {
            print(JSONEmitter.emit(.array(predictions.map(\.json))), terminator: "")
        } else if predictions.isEmpty {
            print("keyless claims: the workflow has no jobs: nothing to predict")
        } else {
            print(predictions.map(\.text).joined(separator: "\n"), terminator: "")
        }
    }
}
