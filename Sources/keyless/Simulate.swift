import KeylessModel
import ArgumentParser
import KeylessAnalysis
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a trust policy against a token's claims, the way AWS documents it.",
        discussion: "Exit 0 whenever the policy was evaluated, whatever the decision; 2 for unreadable input."
    )

    @Option(name: .long, help: "The role's trust policy (JSON).")
    var policy: String

    @Option(name: .long, help: "The token's claims: a JSON object (iss, aud, sub, ref, environment, …).")
    var claims: String

    @Option(name: .long, help: "text or json.")
    var format: ReportFormat = .text

    func run() throws {
        let document = try readPolicy(policy)
        let text = try readInput(claims, what: "claims", rule: "claims-read")
        let tokenClaims: TokenClaims
        do {
            tokenClaims = try ClaimsCodec.decode(text)
        } catch {
            throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: claims), error.description, rule: "claims-invalid")]))
        }
        let result = TrustSimulator().evaluate(document, claims: tokenClaims)
        print(format == .json ? JSONEmitter.emit(result.json) : result.text, terminator: "")
    }
}
