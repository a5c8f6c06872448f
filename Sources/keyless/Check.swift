import ArgumentParser
import Foundation
import KeylessCatalog
import KeylessCore
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

    func run() throws {
        if listRules {
            for r in Rules.all { print("\(r.id)\t\(r.severity.rawValue)\t\(r.target.rawValue)\t\(r.title)") }
            return
        }
        guard !paths.isEmpty else { throw ValidationError("give at least one file or directory") }
        let linter = Linter(pins: KeylessCatalog().pins, extraAudiences: audience)
        let (files, problems) = Linter.files(under: paths)
        var all = problems
        var unreadable = !problems.isEmpty
        for f in files {
            guard let data = FileManager.default.contents(atPath: f) else {
                all.append(Diagnostic(at: SourceLocation(path: f), "cannot read the file", rule: "read-error"))
                unreadable = true
                continue
            }
            guard data.count <= Linter.maxFileBytes else {
                all.append(Diagnostic(at: SourceLocation(path: f), "file is larger than \(Linter.maxFileBytes) bytes; not checked", rule: "read-error"))
                unreadable = true
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                all.append(Diagnostic(at: SourceLocation(path: f), "file is not UTF-8 text", rule: "read-error"))
                unreadable = true
                continue
            }
            let result = linter.lint(text, path: f)
            if !result.parsed { unreadable = true }
            all += result.diagnostics
        }
        print(format.render(all), terminator: "")
        if unreadable { throw ExitCode(ExitStatus.badInput.rawValue) }
        if all.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

extension LintFormat: ExpressibleByArgument {}
