import KeylessModel
import ArgumentParser
import Foundation
import KeylessAnalysis
import KeylessCatalog
import KeylessLint
import KeylessSyntax

struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the least-privilege trust policy for the role some jobs assume, with a truth table proving it.",
        discussion: """
            The subjects are exactly those the claim predictor says the jobs present (StringEquals; StringLike only \
            for a `**` branch or tag filter, which IAM's `*` matches exactly). Default jobs: those that run \
            configure-aws-credentials with `role-to-assume` or call a local reusable workflow that does. A FILE is \
            read with the workflows beside it, to follow calls. The policy goes to stdout (or --output); the truth \
            table to stderr (text, or one JSON document with --format json). Exit codes: 0 policy written and \
            proved; 1 a job's sub cannot be trusted exactly (reported; no policy); 2 bad input or usage.
            """
    )

    @Argument(help: "A workflow file, a workflows folder, or a repository root (its .github/workflows).")
    var path: String

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, parsing: .upToNextOption, help: "The jobs that assume the role (default: every role-assuming job).")
    var job: [String] = []

    @Option(name: .long, help: "The AWS account id of the provider (12 digits), or a placeholder such as ACCOUNT_ID (the default).")
    var account: String = "ACCOUNT_ID"

    @Option(name: .customLong("provider-host"), help: "The OIDC issuer host.")
    var providerHost: String = "token.actions.githubusercontent.com"

    @Option(name: .long, help: "The AWS partition of the provider ARN.")
    var partition: String = "aws"

    @Option(name: .long, help: "Write the policy to this file (atomically) instead of stdout.")
    var output: String?

    @Option(name: .long, help: "The truth table on stderr: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        guard AccountID(parsing: account) != .wildcard, account.count == 12 && account.allSatisfy(\.isNumber) || Validate.isPlaceholder(account) else {
            throw ValidationError("--account must be 12 digits or a placeholder in capitals (ACCOUNT_ID), found '\(account)'")
        }
        guard !providerHost.isEmpty, !providerHost.contains("://"), !providerHost.contains(where: { $0 == " " || $0 == ":" }) else {
            throw ValidationError("--provider-host is a host name without https://, found '\(providerHost)'")
        }
        guard ["aws", "aws-cn", "aws-us-gov"].contains(partition) else {
            throw ValidationError("--partition must be aws, aws-cn or aws-us-gov, found '\(partition)'")
        }
    }

    func run() throws {
        let (primary, context) = try inputs()
        var sources: [KeylessAnalysis.WorkflowSource] = []
        for p in primary { sources.append(try readWorkflow(p)) }
        // The files beside a named workflow: read when they parse, to find its callers and callees.
        for p in context where !primary.contains(p) {
            if case .success(let text) = InputFile.read(p, rule: "workflow-read"),
               let s = try? KeylessAnalysis.WorkflowSource(text: text, path: p) { sources.append(s) }
        }
        let deriver = TrustDeriver(
            predictor: ClaimPredictor(repository: repository.repository, defaultBranch: repository.defaultBranch),
            providerHost: providerHost, account: AccountID(parsing: account), partition: partition)
        let derivation: TrustDeriver.Derivation
        do {
            derivation = try deriver.derive(sources, primary: primary, jobs: job, event: repository.event, ref: repository.ref)
        } catch TrustDeriver.Problem.diagnostics(let d) {
            throw fail(DiagnosticError(d))
        }
        if !derivation.refusals.isEmpty {
            if format == .json {
                printError(JSONEmitter.emit(derivation.json), terminator: "")
            } else {
                for r in derivation.refusals { printError(r.diagnostic.description) }
            }
            printError("keyless trust: \(derivation.refusals.count) job/event combination(s) cannot be trusted exactly; no policy written")
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        guard let policy = derivation.policy else {
            printError("keyless trust: the selected jobs never run (their `if:` is false for every event); no policy written")
            for n in derivation.notes { printError("note: \(n)") }
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        let text = PolicyCodec.text(policy)
        // The same linter as `keyless check`: a derived policy with a finding is a bug, never output.
        let lint = Linter(pins: KeylessCatalog().pins).lint(text, path: output ?? "trust.json")
        let unproved = derivation.rows.filter { !$0.proved }
        guard lint.diagnostics.isEmpty, unproved.isEmpty else {
            for d in lint.diagnostics { printError(d.description) }
            for r in unproved { printError("keyless trust: internal error: the truth table does not prove: \(r.text)") }
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        if let output {
            do {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output))
            } catch {
                throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: output), "cannot write: \(error)", rule: "write-error")]))
            }
        } else {
            print(text, terminator: "")
        }
        printError(format == .json ? JSONEmitter.emit(derivation.json) : derivation.text, terminator: "")
    }

    /// The workflows whose jobs may be chosen, and every workflow read for calls (the same folder).
    func inputs() throws -> (primary: [String], context: [String]) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: path), "no such file or directory", rule: "workflow-read")]))
        }
        let walker = FileWalker(extensions: [".yml", ".yaml"], recursive: false)
        if isDir.boolValue {
            let nested = (path as NSString).appendingPathComponent(".github/workflows")
            var nestedIsDir: ObjCBool = false
            let dir = FileManager.default.fileExists(atPath: nested, isDirectory: &nestedIsDir) && nestedIsDir.boolValue ? nested : path
            let walked = walker.files(under: [dir])
            guard walked.problems.isEmpty else { throw fail(DiagnosticError(walked.problems)) }
            guard !walked.files.isEmpty else {
                throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: dir), "no workflow (.yml, .yaml) in this folder", rule: "workflow-read")]))
            }
            return (walked.files, walked.files)
        }
        let folder = (path as NSString).deletingLastPathComponent
        return ([path], walker.files(under: [folder.isEmpty ? "." : folder]).files)
    }
}
