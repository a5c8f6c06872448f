import KeylessModel
import ArgumentParser
import Foundation
import KeylessAudit
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report how each job of each workflow signs in to AWS: long-lived keys, OIDC, mixed or none.",
        discussion: """
            A repository root means the files directly in its .github/workflows (GitHub runs none from a
            subfolder); other folders are read recursively (.yml and .yaml).
            Files are audited together, so a job calling ./.github/workflows/x.yml sees what x.yml does.
            Each job gets evidence lines (key inputs, keys in env at any level, local composite actions,
            scripts, keys passed to reusable workflows by name or `secrets: inherit`, role assumptions),
            what it lacks for OIDC (id-token: write, role-to-assume), and a note that the IAM provider and
            role cannot be seen from the repository. The JSON summary counts jobs.
            Exit codes: 0 audited, no long-lived keys; 1 long-lived keys found (jobs long-lived-keys or
            mixed); 2 a file could not be read or parsed (reported; the others are still audited).

            `--merge REPORT.json...` reads `--format json` reports of many repositories (one per
            repository: its `repository` field, written by `--repository OWNER/REPO`, or else its file
            name, `OWNER__REPO.json`) and prints one organisation report: totals per repository and per
            environment, then every finding, the worst first. Same exit codes, over all the reports.
            """
    )

    @Argument(help: "Repository roots, folders or workflow files.")
    var paths: [String] = []

    @Option(name: .long, help: "Output: text, json, markdown, html or sarif.")
    var format: AuditFormat = .text

    @Option(name: .long, parsing: .upToNextOption,
            help: "Environment names to group by (file-name prefix, environment: value, secret name). Default: the names the jobs' environment: values declare.")
    var environments: [String] = []

    @Flag(name: .long, help: "Merge the JSON reports given as arguments into one organisation report.")
    var merge = false

    @Option(name: .long, help: "With --format json: the repository's name (OWNER/REPO), written into the report for --merge.")
    var repository: String?

    @Option(name: .long, help: "Files audited at once (default: the number of cores; 1 = one after another). The output is the same.")
    var jobs: Int?

    @Flag(name: .long, help: "Print the time spent per stage on stderr.")
    var timings = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        if merge { return try runMerge() }
        guard !paths.isEmpty else { throw ValidationError("give at least one repository, folder or workflow file") }
        let walked = Auditor.files(under: paths)
        // Files are read and audited on every core, one parse tree per worker; only compact per-file
        // results are kept, in input order (calls to local reusable workflows still resolve across files).
        let auditor = Auditor(environments: environments, repositoryRoot: Auditor.repositoryRoot(of: paths))
        defer { if timings { FileHandle.standardError.write(Data(Timings.shared.report().utf8)) } }
        // Text: each workflow's lines are written to a scratch file as soon as it is audited and only its
        // summary counts stay in memory; its first line (the environment) is written once all are known.
        if format == .text, let spill = SpilledText() {
            var (report, files) = auditor.audit(files: walked.files, workers: Parallel.workers(jobs)) { i, w in
                spill.put(i, AuditFormat.textBody(w))
                return w.compacted
            }
            report.problems = (walked.problems + report.problems).sorted { $0.location < $1.location }
            var out = BufferedStandardOutput()
            for (w, i) in zip(report.workflows, files) {
                out.write(AuditFormat.textHeader(w))
                guard let body = spill.take(i) else {
                    out.flush()
                    throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: w.path), "cannot read the audit's scratch file back: \(String(cString: strerror(errno)))", rule: "write-error")]))
                }
                out.write(bytes: body)
            }
            AuditFormat.writeTextTrailer(report, to: &out)
            out.flush()
            return try finish(report)
        }
        var report = auditor.audit(files: walked.files, workers: Parallel.workers(jobs))
        report.problems = (walked.problems + report.problems).sorted { $0.location < $1.location }
        if let repository, format == .json {
            print(format.renderJSON(report, repository: repository), terminator: "")
        } else {
            var out = BufferedStandardOutput()
            format.write(report, to: &out)
            out.flush()
        }
        try finish(report)
    }

    func finish(_ report: AuditReport) throws {
        // Files that could not be audited: one diagnostic each on stderr, in the one format.
        for d in report.problems { printError(d.description) }
        if !report.problems.isEmpty { throw ExitCode(ExitStatus.badInput.rawValue) }
        if report.hasLongLivedKeys { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    /// `--merge`: the reports folded into one organisation report.
    func runMerge() throws {
        guard !paths.isEmpty else { throw ValidationError("give the JSON reports to merge") }
        guard format != .sarif else { throw ValidationError("--merge writes text, json, markdown or html") }
        let org = OrgAudit.merge(paths: paths)
        print(org.render(format), terminator: "")
        for d in org.problems { printError(d.description) }
        if !org.problems.isEmpty { throw ExitCode(ExitStatus.badInput.rawValue) }
        if org.hasLongLivedKeys { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

extension AuditFormat: ExpressibleByArgument {}
