import KeylessModel
import ArgumentParser
import Foundation
import KeylessCatalog
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessLint

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint GitHub workflows and IAM policy JSON for OIDC mistakes and long-lived keys.",
        discussion: """
            Files are recognised by content: YAML with `jobs:` is a workflow, JSON with `Statement` a policy.
            Directories are walked. Exit codes: 0 no error-level finding; 1 findings; 2 a file could not be
            read or parsed (the others are still checked). `keyless check --list-rules` prints every rule.
            """
    )

    @Argument(help: "Files or directories to check.")
    var paths: [String] = []

    @Option(name: .long, help: "Output: text, json, sarif or github.")
    var format: LintFormat = .text

    @Option(name: .long, help: "An audience besides sts.amazonaws.com to accept in trust policies (repeatable).")
    var audience: [String] = []

    @Flag(name: .long, help: "List the rules and exit.")
    var listRules = false

    @Flag(name: .long, help: "Print the time spent per stage on stderr.")
    var timings = false

    func run() throws {
        if listRules {
            for r in Rules.all { print("\(r.id)\t\(r.severity.rawValue)\t\(r.target.rawValue)\t\(r.title)") }
            return
        }
        guard !paths.isEmpty else { throw ValidationError("give at least one file or directory") }
        let linter = Linter(pins: KeylessCatalog().pins, extraAudiences: audience)
        let walked = Linter.files(under: paths)
        let (files, problems) = (walked.files, walked.problems)
        let explicit = Set(paths)
        var workflows: [DecodedWorkflow] = []
        var all = problems
        var unreadable = !problems.isEmpty
        for f in files {
            let text: String
            switch Timings.shared.measure("read", { InputFile.read(f, maxBytes: Linter.maxFileBytes) }) {
            case .success(let t): text = t
            case .failure(let d):
                all.append(d)
                unreadable = true
                continue
            }
            let result = linter.lint(text, path: f)
            if let d = result.decoded { workflows.append(d) }
            if !result.parsed { unreadable = true }
            if result.kind == .unknown && explicit.contains(f) {
                // A file named on the command line that is neither: say so rather than pass it silently.
                all.append(Diagnostic(at: SourceLocation(path: f), "neither a workflow (YAML with jobs:) nor an IAM policy (JSON with Statement)", rule: "unknown-kind"))
                unreadable = true
            }
            all += result.diagnostics
        }
        all += linter.crossFile(workflows)
        all.sort { $0.location < $1.location }
        print(format.render(all), terminator: "")
        if timings { FileHandle.standardError.write(Data(Timings.shared.report().utf8)) }
        if unreadable { throw ExitCode(ExitStatus.badInput.rawValue) }
        if all.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

extension LintFormat: ExpressibleByArgument {}
