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
        all += linter.crossFile(Self.callsAmongFiles(results.compactMap(\.call), linter: linter))
        all.sort { $0.location < $1.location }
        Self.write(all, format)
        if timings { FileHandle.standardError.write(Data(Timings.shared.report().utf8)) }
        if unreadable { throw ExitCode(ExitStatus.badInput.rawValue) }
        if all.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

/// What one file contributes: its findings, what the cross-file rule needs to know of it, and
/// whether it could not be read or parsed (exit 2).
struct FileLint: Sendable {
    var diagnostics: [Diagnostic]
    /// Set for a file the linter decoded for the cross-file rule (it may call or be called).
    var call: CallParticipant?
    var unreadable: Bool
}

extension Check {
    static func lint(_ f: String, linter: Linter, named: Bool) -> FileLint {
        let text: String
        switch Timings.shared.measure("read", { InputFile.read(f, maxBytes: Linter.maxFileBytes) }) {
        case .success(let t): text = t
        case .failure(let d): return FileLint(diagnostics: [d], call: nil, unreadable: true)
        }
        let result = linter.lint(text, path: f)
        let call = result.decoded.map { CallParticipant(path: $0.path, uses: $0.workflow.jobs.compactMap(\.uses)) }
        var out = FileLint(diagnostics: result.diagnostics, call: call, unreadable: !result.parsed)
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

    /// The cross-file rule (`Linter.crossFile`) reports on a job that calls a local workflow found among
    /// the decoded files (the first whose path ends with the call's path), with the caller's positions
    /// and the callee's model. Neither is kept while files are linted, so memory stays one tree per
    /// worker: the callers whose call resolves, and the callees they resolve to, are read again, in file
    /// order. A file in neither set would add nothing, and each call resolves to the same first callee
    /// among these as among all (`ParallelOutputTests.checkEqualsTheInMemoryLint` holds it to that).
    static func callsAmongFiles(_ files: [CallParticipant], linter: Linter) -> [DecodedWorkflow] {
        var involved = Set<Int>()
        for (i, f) in files.enumerated() {
            for uses in f.uses where uses.hasPrefix("./") {
                let suffix = String(uses.dropFirst(2))
                if let callee = files.firstIndex(where: { $0.path == suffix || $0.path.hasSuffix("/" + suffix) }) {
                    involved.insert(i)
                    involved.insert(callee)
                }
            }
        }
        return involved.sorted().compactMap { i in
            guard case .success(let text) = InputFile.read(files[i].path, maxBytes: Linter.maxFileBytes) else { return nil }
            return linter.lint(text, path: files[i].path).decoded
        }
    }
}

/// A file that may take part in a local call: its path and its jobs' `uses:` values.
struct CallParticipant: Sendable {
    var path: String
    var uses: [String]
}

extension LintFormat: ExpressibleByArgument {
    /// `render(a + b) == render(a) + render(b)`: the output is a line per finding, nothing around them
    /// (`ParallelOutputTests.lineFormatsRenderPerFinding` holds the formats to it).
    var isOneLinePerFinding: Bool { self == .text || self == .github }
}
