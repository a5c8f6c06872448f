import ArgumentParser
import Foundation
import KeylessAnalysis
import KeylessCatalog
import KeylessExplain
import KeylessGenerator
import KeylessModel
import KeylessSyntax

extension ExplainFormat: ExpressibleByArgument {}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a failed job's log and name the troubleshooting entries it fits, with cause, confirmation, fix and page.",
        discussion: """
            LOG is a file or - (standard input): GitHub's raw log (timestamps, ##[error], ##[group]) or pasted lines.
            With --workflow (and --job) and --policy (with --repo) the candidates are narrowed by the job's permissions,
            its credentials inputs, and the trust policy simulated against the predicted sub for each event.
            Exit 0 when the log is explained; 1 when no entry fits; 2 on bad input or usage.
            """
    )

    @Argument(help: "The job log, or - for standard input.")
    var log: String

    @Option(name: .long, help: "The workflow file of the failed job.")
    var workflow: String?

    @Option(name: .long, help: "The failed job's id (optional when one job runs configure-aws-credentials).")
    var job: String?

    @Option(name: .long, help: "The trust policy of the role the job assumes (JSON); needs --workflow and --repo.")
    var policy: String?

    @Option(name: .long, help: "The repository, OWNER/REPO (to predict the sub).")
    var repo: String?

    @Option(name: .customLong("default-branch"), help: "The default branch: where schedule and workflow_dispatch run.")
    var defaultBranch: String = "main"

    @Option(name: .long, help: "The guide's configuration the entries are built from.")
    var config: String = "docs-src/keyless.yml"

    @Option(name: .long, help: "text, json or markdown.")
    var format: ExplainFormat = .text

    /// A usage problem as a diagnostic on the argument it concerns.
    func usage(_ at: String, _ message: String) -> ExitCode {
        fail(DiagnosticError([Diagnostic(at: SourceLocation(path: at), message, rule: "explain-usage")]))
    }

    func run() throws {
        // Flags first, so nothing is read when the command line is wrong.
        if policy != nil, workflow == nil { throw usage("--policy", "--policy needs --workflow (the job whose sub is predicted)") }
        if policy != nil, repo == nil { throw usage("--policy", "--policy needs --repo OWNER/REPO to predict the sub") }
        if job != nil, workflow == nil { throw usage("--job", "--job needs --workflow") }
        var repository: RepositoryName?
        if let repo {
            guard let r = RepositoryName(parsing: repo), r.ownerID == nil else { throw usage("--repo", "--repo must be OWNER/REPO, found '\(repo)'") }
            repository = r
        }
        let text = try readLog(log)
        var input: ExplainEvidenceInput?
        if let workflow {
            let source = try readWorkflow(workflow)
            let jobID = try pickJob(source, path: workflow)
            input = ExplainEvidenceInput(workflow: source.workflow, workflowPath: source.workflowPath, job: jobID,
                                         policy: try policy.map(readPolicy), repository: repository, defaultBranch: defaultBranch)
        }
        let cfg: KeylessConfig
        do {
            cfg = try ConfigLoader.load(config)
        } catch {
            throw fail(error)
        }
        let explanation = Explainer(entries: ExplainCatalog.entries(cfg)).explain(JobLog(text), evidence: input)
        print(explanation.render(format, source: log == "-" ? "<stdin>" : log), terminator: format == .json ? "" : "")
        if !explanation.explained { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    func readLog(_ path: String) throws -> String {
        guard path == "-" else { return try readInput(path, what: "log", rule: "log-read") }
        let data = FileHandle.standardInput.readData(ofLength: InputFile.maxBytes + 1)
        let at = SourceLocation(path: "<stdin>")
        guard data.count <= InputFile.maxBytes else {
            throw fail(DiagnosticError([Diagnostic(at: at, "standard input has more than \(InputFile.maxBytes) bytes", rule: "input-too-large")]))
        }
        guard let text = String(data: data, encoding: .utf8), !text.utf8.contains(0) else {
            throw fail(DiagnosticError([Diagnostic(at: at, "standard input is not UTF-8 text", rule: "input-encoding")]))
        }
        return text
    }

    /// `--job`, or the one job that runs configure-aws-credentials.
    func pickJob(_ source: KeylessAnalysis.WorkflowSource, path: String) throws -> String {
        let ids = source.workflow.jobs.map(\.id)
        if let job {
            guard ids.contains(job) else {
                throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: path), "the workflow has no job '\(job)' (jobs: \(ids.joined(separator: ", ")))", rule: "explain-job")]))
            }
            return job
        }
        let assuming = source.workflow.jobs.filter { j in j.steps.contains { $0.uses?.repository == "aws-actions/configure-aws-credentials" } }.map(\.id)
        guard assuming.count == 1 else {
            let what = assuming.isEmpty ? "no job runs aws-actions/configure-aws-credentials" : "several jobs run aws-actions/configure-aws-credentials (\(assuming.joined(separator: ", ")))"
            throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: path), "\(what): name the failed job with --job", rule: "explain-job")]))
        }
        return assuming[0]
    }
}
