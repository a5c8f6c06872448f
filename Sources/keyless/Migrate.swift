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
            Without --write the unified diff is printed; with it each file is replaced atomically (a
            temporary file beside it, then a rename), and a refused file is never written.
            Only steps that sign in with stored keys change (secrets.*, vars.*, literal keys); steps that
            already assume a role keep it, and chained steps (role-chaining, an earlier session's
            env.AWS_* or steps.X.outputs.*) are left alone. Before anything is printed or written the
            result is read back and compared with the original (every role ARN, every untouched step and
            line unchanged, it parses, keyless check finds no long-lived-aws-keys / missing-id-token).
            Exit codes (for all the files given, the highest wins):
              0  every file migrated, or had nothing to change (no stored AWS key)
              1  a file was refused: a minimal edit would not be safe (a script, another action or a
                 reusable workflow uses the keys; aliases in the edited part; the proof failed); the
                 reason is printed and that file is left byte-identical
              2  bad usage, or a file could not be read, parsed as a workflow, or replaced
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
        var status = ExitStatus.success.rawValue
        func fail(_ code: ExitStatus) { status = max(status, code.rawValue) }
        for path in workflows {
            let (read, readProblems) = Auditor.read([path])
            guard let source = read.first else {
                readProblems.forEach { printError($0.description) }
                fail(.badInput)
                continue
            }
            // The workflows beside this one, so calls to ./.github/workflows/x.yml resolve.
            let url = URL(fileURLWithPath: path)
            let beside = FileWalker(extensions: [".yml", ".yaml"], recursive: false).files(under: [url.deletingLastPathComponent().path]).files
            let siblings = Auditor.read(beside.filter { URL(fileURLWithPath: $0).lastPathComponent != url.lastPathComponent }).sources
            let m: Migration
            do {
                m = try Migrator.migrate(source, options: options, siblings: siblings)
            } catch {
                error.diagnostics.forEach { printError($0.description) }
                // A refusal (the file is a workflow, the edit is not safe) is 1; a file that is not a workflow is 2.
                fail(error.diagnostics.allSatisfy { $0.rule == "migrate-refused" } ? .findings : .badInput)
                continue
            }
            for n in m.notes { printError("\(path): note: \(n)") }
            guard m.changed else { printError("\(path): nothing to change"); continue }
            if write {
                do {
                    try AtomicFile.write(Data(m.migrated.utf8), to: url, durable: true)
                } catch {
                    printError("\(path): error: cannot replace the file: \(error)")
                    fail(.badInput)
                    continue
                }
                printError("\(path): migrated")
            } else {
                print(m.diff, terminator: "")
            }
        }
        if status != ExitStatus.success.rawValue { throw ExitCode(status) }
    }
}
