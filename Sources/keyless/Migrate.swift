import KeylessModel
import ArgumentParser
import Foundation
import KeylessAudit
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move workflows from long-lived AWS keys to OIDC with the smallest text edit.",
        discussion: """
            Per credentials step: aws-access-key-id / aws-secret-access-key / aws-session-token out,
            role-to-assume, role-session-name and aws-region in; AWS key entries in the job's env removed;
            the job's permissions gain id-token: write (merged; contents: read kept or added); key secrets
            no longer read are removed from workflow_call. A job calling a local reusable workflow that
            assumes a role gains id-token: write and stops passing key secrets. Every other byte stays.
            Without --write the unified diff is printed; with it each file is replaced atomically.
            Exit codes: 0 migrated (or nothing to change); 2 bad usage, or a file refused because its
            shape is unusual (flow mappings, aliases, keys without a credentials step, …): that file is
            left untouched and the reason printed.
            """
    )

    @Argument(help: "Workflow files to migrate.")
    var workflows: [String] = []

    @Option(name: .long, help: "The role: an ARN, or a ${{ }} expression choosing one.")
    var role: String

    @Option(name: .long, help: "aws-region to set (needed when the step has none and env sets no AWS_REGION).")
    var region: String?

    @Option(name: .customLong("session-name"), help: "role-session-name (default: \(MigrateOptions.defaultSessionName)).")
    var sessionName: String?

    @Flag(name: .long, help: "Write the files instead of printing the diff.")
    var write = false

    func run() throws {
        guard !workflows.isEmpty else { throw ValidationError("give at least one workflow file") }
        let options = MigrateOptions(role: role, region: region, sessionName: sessionName)
        let problems = options.problems()
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "\n")) }
        var failed = false
        for path in workflows {
            let (read, readProblems) = Auditor.read([path])
            guard let source = read.first else {
                readProblems.forEach { printError($0.description) }
                failed = true
                continue
            }
            // The workflows beside this one, so calls to ./.github/workflows/x.yml resolve.
            let url = URL(fileURLWithPath: path)
            let beside = FileWalker(extensions: [".yml", ".yaml"], recursive: false).files(under: [url.deletingLastPathComponent().path]).files
            let siblings = Auditor.read(beside.filter { URL(fileURLWithPath: $0).lastPathComponent != url.lastPathComponent }).sources
            do {
                let m = try Migrator.migrate(source, options: options, siblings: siblings)
                for n in m.notes { printError("\(path): note: \(n)") }
                guard m.changed else { printError("\(path): nothing to change"); continue }
                if write {
                    do {
                        try AtomicFile.write(Data(m.migrated.utf8), to: URL(fileURLWithPath: path), durable: true)
                    } catch {
                        throw ValidationError("cannot replace \(path): \(error)")
                    }
                    printError("\(path): migrated")
                } else {
                    print(m.diff, terminator: "")
                }
            } catch let e as DiagnosticError {
                e.diagnostics.forEach { printError($0.description) }
                failed = true
            }
        }
        if failed { throw ExitCode(ExitStatus.badInput.rawValue) }
    }
}
