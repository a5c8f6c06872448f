import KeylessModel
import ArgumentParser
import Foundation
import KeylessCatalog
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

@main
struct Keyless: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyless",
        abstract: "GitHub Actions to AWS with OIDC, no long-lived keys: generate a checked guide, simulate trust policies, predict claims.",
        discussion: """
            Exit codes: 0 success; 1 --check found drift (or findings); 2 bad input or usage, nothing written.
            """,
        subcommands: [Generate.self, Check.self, Audit.self, Migrate.self, Inject.self, Simulate.self, Claims.self, DoctorCommand.self, Trust.self, Explain.self, Init.self],
        defaultSubcommand: Generate.self
    )

    /// ArgumentParser exits 64 (EX_USAGE) on a usage error; Keyless documents 2 for bad input or usage,
    /// so a script can tell "findings" (1) from "could not run" (2) with one rule.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Prints diagnostics on standard error, one per line, and turns them into exit code 2.
func fail(_ error: DiagnosticError) -> ExitCode {
    for d in error.diagnostics {
        FileHandle.standardError.write(Data((d.description + "\n").utf8))
    }
    return ExitCode(ExitStatus.badInput.rawValue)
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

extension OutputFormat: ExpressibleByArgument {}
