import KeylessModel
import ArgumentParser
import Foundation
import KeylessCatalog
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

struct Inject: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the marked regions of hand-written RST, Markdown or MkDocs pages with sections of the guide.",
        discussion: """
            Mark a region with `.. BEGIN KEYLESS GENERATED: ID` and `.. END KEYLESS GENERATED: ID` (RST) or
            `<!-- BEGIN KEYLESS GENERATED: ID -->` and `<!-- END KEYLESS GENERATED: ID -->` (Markdown).
            Only the bytes between the two marker lines change. Headings inside nest under the section
            that holds the region. A Markdown file is filled in MkDocs Material's flavour (`!!! note`,
            `=== "Tab"`, mermaid fences) with `--flavor mkdocs`, or by default when an `mkdocs.yml` or
            `properdocs.yml` is found in its folder or a folder above it; otherwise in GitHub's flavour. `--list` prints the region ids. Exit codes: 0 done (or in sync);
            1 --check found drift; 2 a marker problem or unreadable file (no file is written).
            """
    )

    @Argument(help: "RST (.rst) or Markdown (.md) files with marked regions.")
    var files: [String] = []

    @Option(name: .long, help: "The configuration file.")
    var config: String = "docs-src/keyless.yml"

    @Flag(name: .long, help: "Print the region ids and titles, then exit.")
    var list = false

    @Flag(name: .long, help: "Write nothing; exit 1 and show a diff when a region is out of date.")
    var check = false

    @Option(name: .long, help: "Markdown flavour: auto (mkdocs when an mkdocs.yml or properdocs.yml is above the file), gfm or mkdocs.")
    var flavor: Injection.Flavor = .auto

    func run() throws {
        let configText: String
        do {
            configText = try InputFile.read(config, maxBytes: 1024 * 1024, rule: "config-read").get()
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let injector: Injector
        do {
            let cfg = try ConfigDecoder.decode(configText, path: config)
            let out = try Generator(catalog: KeylessCatalog(), renderers: []).generate(cfg, formats: [])
            injector = Injector(documents: out.documents)
        } catch {
            throw fail(error)
        }
        if list {
            for r in injector.regions { print("\(r.id)\t\(r.title)") }
            return
        }
        guard !files.isEmpty else { throw ValidationError("give at least one file, or --list") }
        // Everything is computed before anything is written: one bad file leaves every file untouched.
        let (results, problems) = Injection.compute(files, injector: injector, flavor: flavor)
        guard problems.isEmpty else { throw fail(DiagnosticError(problems)) }
        let changed = results.filter { $0.old != $0.new }
        if check {
            if changed.isEmpty {
                print("keyless: \(results.count) injected files are up to date")
                return
            }
            Injection.reportDrift(changed)
            printError("keyless: \(changed.count) injected file(s) out of date — run `keyless inject` on them")
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        try Injection.write(changed)
        print("keyless: \(changed.count) updated, \(results.count - changed.count) unchanged")
    }
}

/// The injection of a set of files, shared by `inject` and by `generate` for the configuration's targets.
enum Injection {
    typealias Result = (path: String, old: [UInt8], new: [UInt8])

    /// How a Markdown file is filled.
    enum Flavor: String, ExpressibleByArgument, CaseIterable {
        case auto, gfm, mkdocs
    }

    /// The configuration files of MkDocs and of ProperDocs, its compatible fork.
    static let mkdocsConfigs = ["mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml"]

    /// The syntax of one file: RST or Markdown from its extension; for Markdown, MkDocs when asked, or
    /// when a folder from the file's own up to the root holds an MkDocs configuration.
    static func syntax(_ path: String, flavor: Flavor) -> Injector.Syntax? {
        guard let syntax = Injector.Syntax(path: path) else { return nil }
        guard syntax == .markdown else { return syntax }
        switch flavor {
        case .gfm: return .markdown
        case .mkdocs: return .mkdocs
        case .auto:
            var dir = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
            while true {
                if mkdocsConfigs.contains(where: { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }) { return .mkdocs }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { return .markdown }
                dir = parent
            }
        }
    }

    static func compute(_ files: [String], injector: Injector, flavor: Flavor = .auto) -> (results: [Result], problems: [Diagnostic]) {
        var problems: [Diagnostic] = []
        var results: [Result] = []
        for path in files {
            guard let syntax = syntax(path, flavor: flavor) else {
                problems.append(Diagnostic(at: SourceLocation(path: path), "not an .rst or .md file", rule: "inject-read"))
                continue
            }
            // The shared defensive reader: regular files only, bounded, UTF-8 without NUL bytes.
            let old: [UInt8]
            switch InputFile.read(path, rule: "inject-read") {
            case .success(let text): old = Array(text.utf8)
            case .failure(let d):
                problems.append(d)
                continue
            }
            do {
                results.append((path, old, try injector.inject(old, path: path, syntax: syntax)))
            } catch {
                problems += error.diagnostics
            }
        }
        return (results, problems)
    }

    /// A unified diff per changed file, on stderr.
    static func reportDrift(_ changed: [Result]) {
        for c in changed {
            // Shown with LF line ends: Swift reads CRLF as one character, and the diff splits on LF.
            func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n") }
            printError(UnifiedDiff.make(old: text(c.old), new: text(c.new), oldName: "a/\(c.path)", newName: "b/\(c.path)"), terminator: "")
        }
    }

    static func write(_ changed: [Result]) throws {
        for c in changed {
            do { try AtomicFile.write(Data(c.new), to: URL(fileURLWithPath: c.path)) } catch {
                throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: c.path), "cannot write: \(error)", rule: "inject-write")]))
            }
        }
    }
}
