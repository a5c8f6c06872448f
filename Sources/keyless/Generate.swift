import KeylessModel
import ArgumentParser
import Foundation
import KeylessCatalog
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the snippets and the guide (Markdown, RST, HTML, MkDocs Material) from docs-src/keyless.yml.",
        discussion: """
            Every snippet is emitted, parsed back and compared with its model before any page uses it.
            Files are written atomically and only when their bytes change.
            """
    )

    @Option(name: .long, help: "The configuration file.")
    var config: String = "docs-src/keyless.yml"

    @Option(name: .long, help: "The output root; snippets go to Snippets/, the guide to docs/.")
    var output: String = "."

    @Flag(name: .long, help: "Write nothing; exit 1 and show a diff excerpt when a generated file is out of date.")
    var check = false

    @Option(name: .long, help: "Format to render: md, rst, html or mkdocs (repeatable; default all).")
    var format: [OutputFormat] = []

    @Flag(name: .long, help: "Print a line per file written.")
    var verbose = false

    @Flag(name: .long, help: "Print the time spent per stage on stderr (`timing: STAGE SECONDSs`).")
    var timings = false

    func run() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            if timings {
                Timings.shared.add("total", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                FileHandle.standardError.write(Data(Timings.shared.report().utf8))
            }
        }
        let configText: String
        switch InputFile.read(config, maxBytes: 1024 * 1024, rule: "config-read") {
        case .success(let text): configText = text
        case .failure(let d): throw fail(DiagnosticError([d]))
        }
        let root = URL(fileURLWithPath: output, isDirectory: true)
        let generator = Generator(catalog: KeylessCatalog(), renderers: [MarkdownRenderer(), RSTRenderer(), HTMLRenderer(), MkDocsRenderer()])
        let writer = OutputWriter(root: root)
        let plan: OutputWriter.Plan
        // Hand-written pages listed under `inject:` (relative to the configuration) are kept in sync too.
        var injected: [Injection.Result] = []
        do throws(DiagnosticError) {
            let cfg = try ConfigLoader.resolve(try ConfigDecoder.decode(configText, path: config), configPath: config)
            let formats = format.isEmpty ? Set(OutputFormat.allCases) : Set(format)
            let out = try generator.generate(cfg, formats: formats)
            plan = try writer.plan(out.files, scope: out.scope)
            if !cfg.injectTargets.isEmpty {
                let base = URL(fileURLWithPath: config).deletingLastPathComponent()
                let targets = cfg.injectTargets.map { base.appendingPathComponent($0).standardizedFileURL.path }
                let (results, problems) = Injection.compute(targets, injector: Injector(documents: out.documents))
                guard problems.isEmpty else { throw DiagnosticError(problems) }
                injected = results.filter { $0.old != $0.new }
            }
        } catch {
            throw fail(error)
        }
        if check {
            if plan.isEmpty && injected.isEmpty {
                print("keyless: \(plan.unchanged) generated files are up to date")
                return
            }
            printError(OutputWriter.report(plan), terminator: "")
            Injection.reportDrift(injected)
            printError("keyless: out of date — run `swift package --allow-writing-to-package-directory generate-docs`")
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        do { try Timings.shared.measure("write") { () throws(DiagnosticError) in try writer.apply(plan) } } catch { throw fail(error) }
        try Injection.write(injected)
        for i in injected { print("injected \(i.path)") }
        if verbose {
            for f in plan.create { print("created \(f.path)") }
            for u in plan.update { print("updated \(u.file.path)") }
            for d in plan.delete { print("deleted \(d.path)") }
        }
        print("keyless: \(plan.create.count) created, \(plan.update.count) updated, \(plan.delete.count) deleted, \(plan.unchanged) unchanged")
    }
}

func printError(_ text: String, terminator: String) {
    FileHandle.standardError.write(Data((text + terminator).utf8))
}
