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
        discussion: """
            Examines the jobs that assume a role with OIDC, the jobs of the local reusable workflows they call \
            (read from the same folder) and, for a reusable workflow, its jobs as the callers in the same folder \
            run them. Exit 1 when AWS would refuse a combination the workflow runs; 2 for unreadable input or an \
            --event the triggers do not list.
            """
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
            repository: repository.repository, defaultBranch: repository.defaultBranch, workflowPath: source.workflowPath,
            callees: source.callees))
        let report: Doctor.Report
        do {
            report = try doctor.examine(source.workflow, policy: document, event: repository.event, ref: repository.ref,
                                        name: source.fileName, callers: source.callers)
        } catch {
            throw fail(DiagnosticError([Diagnostic(at: source.triggersLocation, error.description, rule: "event-not-triggered")]))
        }
        let findings = report.findings
        let refused = findings.filter { $0.kind == .refused }
        let unpredictable = findings.filter { $0.kind == .unpredictable }.count
        let verdict = report.noRoleAssumingJob
            ? "no job assumes an AWS role with OIDC (directly or through a local reusable workflow): nothing to check"
            : "\(findings.count) job/event combinations, \(refused.count) refused, \(unpredictable) unpredictable"
        if format == .json {
            print(JSONEmitter.emit(.object([
                ("verdict", .string(report.noRoleAssumingJob ? "no-role-assuming-job" : refused.isEmpty ? "no-refusal" : "refused")),
                ("summary", .string(verdict)),
                ("findings", .array(findings.map { f in
                    .object([
                        ("job", .string(f.prediction.job)),
                        ("called_job", f.prediction.calledJob.map(JSONValue.string) ?? .null),
                        ("called_by", f.calledBy.map(JSONValue.string) ?? .null),
                        ("event_name", .string(f.prediction.eventName)),
                        ("sub", f.prediction.sub.value.map(JSONValue.string) ?? .null),
                        ("verdict", .string(f.kind.rawValue)),
                        ("reason", f.result.map { .string($0.reason) } ?? f.reason.map(JSONValue.string) ?? .null),
                        ("fix", f.fix.map(JSONValue.string) ?? .null),
                        ("notes", .array(f.prediction.notes.map(JSONValue.string))),
                    ])
                })),
            ])), terminator: "")
        } else {
            // Problems are diagnostics on stderr in the one format; the summary goes to stdout.
            for f in findings where f.kind != .admitted {
                let d = Diagnostic(f.kind == .refused ? .error : .warning, at: source.location(ofJob: f.prediction.job), f.message, rule: f.rule)
                printError(d.description)
            }
            print("keyless doctor: \(verdict)")
        }
        if !refused.isEmpty { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}
