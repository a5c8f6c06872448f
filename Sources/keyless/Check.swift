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

    @Option(name: .long, help: "Files checked at once (default: the number of cores; 1 = one after another). The output is the same.")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

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
        // Files are independent: lint them on every core, then merge in file order.
        let results = Parallel.map(files, workers: Parallel.workers(jobs)) { f in Self.lint(f, linter: linter, named: explicit.contains(f)) }
        var all = problems
        var unreadable = !problems.isEmpty
        for r in results {
            all += r.diagnostics
            unreadable = unreadable || r.unreadable
        }
        all += linter.crossFile(Self.withCallerTrees(results.compactMap(\.decoded), linter: linter))
        all.sort { $0.location < $1.location }
        Self.write(all, format)
        if timings { FileHandle.standardError.write(Data(Timings.shared.report().utf8)) }
        if unreadable { throw ExitCode(ExitStatus.badInput.rawValue) }
        if all.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

/// What one file contributes: its findings, the decoded workflow the cross-file rules need, and
/// whether it could not be read or parsed (exit 2).
/// `@unchecked`: the decoded workflow holds Yams nodes, made by one worker and only read after the merge.
struct FileLint: @unchecked Sendable {
    var diagnostics: [Diagnostic]
    var decoded: DecodedWorkflow?
    var unreadable: Bool
}

extension Check {
    static func lint(_ f: String, linter: Linter, named: Bool) -> FileLint {
        let text: String
        switch Timings.shared.measure("read", { InputFile.read(f, maxBytes: Linter.maxFileBytes) }) {
        case .success(let t): text = t
        case .failure(let d): return FileLint(diagnostics: [d], decoded: nil, unreadable: true)
        }
        let result = linter.lint(text, path: f)
        var out = FileLint(diagnostics: result.diagnostics, decoded: result.decoded.map(Self.withoutTree), unreadable: !result.parsed)
        if result.kind == .unknown && named {
            // A file named on the command line that is neither: say so rather than pass it silently.
            out.diagnostics.append(Diagnostic(at: SourceLocation(path: f), "neither a workflow (YAML with jobs:) nor an IAM policy (JSON with Statement)", rule: "unknown-kind"))
            out.unreadable = true
        }
        return out
    }
}

extension Check {
    /// The line formats (text, github) are one line per finding, so they go out a block of findings at a
    /// time instead of as one string; JSON and SARIF are one document.
    static func write(_ diagnostics: [Diagnostic], _ format: LintFormat) {
        guard format.isOneLinePerFinding else { return print(format.render(diagnostics), terminator: "") }
        var out = BufferedStandardOutput()
        var start = 0
        while start < diagnostics.count {
            let end = min(start + 256, diagnostics.count)
            out.write(format.render(Array(diagnostics[start..<end])))
            start = end
        }
        out.flush()
    }

    /// The cross-file rule reads callees' models and, for a caller whose callee is among the files, the
    /// caller's node tree (for positions). Trees are not kept while files are linted: memory stays one
    /// tree per worker, and the few callers that need theirs are parsed again.
    static func withoutTree(_ d: DecodedWorkflow) -> DecodedWorkflow {
        var kept = d
        kept.root = ""
        return kept
    }

    /// The decoded files with the real tree of every caller whose local callee resolves among them
    /// (the lookup `MissingIDToken.checkCalls` makes); a tree is only read for positions of findings.
    static func withCallerTrees(_ decoded: [DecodedWorkflow], linter: Linter) -> [DecodedWorkflow] {
        func resolves(_ uses: String) -> Bool {
            guard uses.hasPrefix("./") else { return false }
            let suffix = String(uses.dropFirst(2))
            return decoded.contains { $0.path == suffix || $0.path.hasSuffix("/" + suffix) }
        }
        return decoded.map { d in
            guard d.workflow.jobs.contains(where: { $0.uses.map(resolves) ?? false }),
                  case .success(let text) = InputFile.read(d.path, maxBytes: Linter.maxFileBytes),
                  let again = linter.lint(text, path: d.path).decoded else { return d }
            return again
        }
    }
}

extension LintFormat: ExpressibleByArgument {
    /// `render(a + b) == render(a) + render(b)`: the output is a line per finding, nothing around them
    /// (`ParallelOutputTests.lineFormatsRenderPerFinding` holds the formats to it).
    var isOneLinePerFinding: Bool { self == .text || self == .github }
}
