import ArgumentParser
import Foundation
import KeylessCatalog
import KeylessModel
import KeylessSyntax

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draft a configuration (keyless.yml) for an organisation from its repositories' workflows.",
        discussion: """
            Each DIR is a repository checkout (its .github/workflows) named after its folder. Keyless audits them \
            and prints a complete configuration to stdout: the repositories, the environments their AWS jobs \
            declare, one role per environment (subject environment:NAME) and one for the AWS jobs without an \
            environment (the subjects `keyless trust` derives from their triggers), and a migration page per \
            repository. `# decide:` comments mark what a human must settle. The draft is read back as \
            `keyless generate` reads it before it is printed, so `keyless init DIR... > docs-src/keyless.yml && \
            make docs` builds a guide. Paths are written relative to --config-dir, where the file will live.
            Exit codes: 0 printed; 1 no job reaches AWS (nothing to configure); 2 a folder or workflow could \
            not be read, or bad usage.
            """
    )

    @Argument(help: "Repository checkouts.")
    var dirs: [String] = []

    @Option(name: .long, help: "The GitHub organisation (or user) that owns the repositories.")
    var organization: String?

    @Option(name: .long, help: "The AWS account id of the roles (12 digits); default the placeholder ACCOUNT_ID.")
    var account: String?

    @Option(name: .long, help: "The AWS region.")
    var region: String?

    @Option(name: .customLong("config-dir"), help: "The folder the configuration will be written to (workflows-dir is relative to it).")
    var configDir: String = "docs-src"

    func validate() throws {
        guard !dirs.isEmpty else { throw ValidationError("give at least one repository checkout") }
        if let organization, !Validate.isOwnerName(organization) {
            throw ValidationError("--organization '\(organization)' is not a GitHub owner name")
        }
        if let account, !(account.count == 12 && account.allSatisfy(\.isNumber)) {
            throw ValidationError("--account must be 12 digits, found '\(account)'")
        }
        if let region, !Validate.isRegion(region) { throw ValidationError("--region '\(region)' is not an AWS region name") }
    }

    func run() throws {
        let base = URL(fileURLWithPath: configDir).standardizedFileURL
        var inputs: [ConfigDraft.Input] = []
        for dir in dirs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: dir), "not a folder (a repository checkout)", rule: "init-input")]))
            }
            inputs.append(.init(path: dir, relativePath: Self.relative(URL(fileURLWithPath: dir).standardizedFileURL, to: base)))
        }
        let draft = ConfigDraft(organization: organization, account: account, region: region)
        switch draft.draft(inputs, configPath: base.appendingPathComponent("keyless.yml").path) {
        case .success(let text):
            print(text, terminator: "")
        case .failure(let error):
            for d in error.diagnostics { printError(d.description) }
            let nothing = error.diagnostics.allSatisfy { $0.rule == "init-input" && $0.message.hasPrefix("no job") }
            throw ExitCode(nothing ? ExitStatus.findings.rawValue : ExitStatus.badInput.rawValue)
        }
    }

    /// `target` relative to `base`, with `..` where needed.
    static func relative(_ target: URL, to base: URL) -> String {
        let t = target.pathComponents, b = base.pathComponents
        var i = 0
        while i < t.count, i < b.count, t[i] == b[i] { i += 1 }
        let parts = Array(repeating: "..", count: b.count - i) + t[i...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
