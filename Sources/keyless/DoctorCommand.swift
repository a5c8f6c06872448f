import KeylessModel
import ArgumentParser
import Foundation
import KeylessAnalysis
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Predict each role-assuming job's token for every event and simulate the trust policy against it.",
        discussion: "Exit 1 when AWS would refuse a combination the workflow runs; 2 for unreadable input."
    )

    @Argument(help: "The workflow file.")
    var workflow: String

    @Option(name: .long, help: "The trust policy of the role the workflow assumes (JSON).")
    var policy: String

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "text or json.")
    var format: ReportFormat = .text

    func run() throws {
        let source = try readWorkflow(workflow)
        let document = try readPolicy(policy)
        let doctor = Doctor(predictor: ClaimPredictor(
            repository: repository.repository, defaultBranch: repository.defaultBranch, workflowPath: source.workflowPath))
        let findings = doctor.examine(source.workflow, policy: document, event: repository.event, ref: repository.ref)
        let refused = findings.filter { $0.kind == .refused }
        if format == .json {
            print(JSONEmitter.emit(.array(findings.map { f in
                .object([
                    ("job", .string(f.prediction.job)),
                    ("event_name", .string(f.prediction.eventName)),
                    ("sub", f.prediction.sub.value.map(JSONValue.string) ?? .null),
                    ("verdict", .string(f.kind.rawValue)),
                    ("reason", f.result.map { .string($0.reason) } ?? .null),
                    ("fix", f.fix.map(JSONValue.string) ?? .null),
                ])
            })), terminator: "")
        } else {
            // Problems are diagnostics on stderr in the one format; the summary goes to stdout.
            for f in findings where f.kind != .admitted {
                let d = Diagnostic(f.kind == .refused ? .error : .warning, at: source.location(ofJob: f.prediction.job), f.message, rule: f.rule)
                printError(d.description)
            }
            let unpredictable = findings.filter { $0.kind == .unpredictable }.count
            print("keyless doctor: \(findings.count) job/event combinations, \(refused.count) refused, \(unpredictable) unpredictable")
        }
        if !refused.isEmpty { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}
