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
            Without --event, one prediction per event the workflow's triggers allow. A value that depends on an \
            expression is reported unknown, never guessed.
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
            repository: repository.repository, defaultBranch: repository.defaultBranch, workflowPath: source.workflowPath)
        let predictions = predictor.predict(source.workflow, event: repository.event, ref: repository.ref)
        if format == .json {
            print(JSONEmitter.emit(.array(predictions.map(\.json))), terminator: "")
        } else {
            print(predictions.map(\.text).joined(separator: "\n"), terminator: "")
        }
    }
}
