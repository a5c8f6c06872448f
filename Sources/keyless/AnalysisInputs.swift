import ArgumentParser
import Foundation
import KeylessAnalysis
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// `--format text|json` of the analysis commands.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The repository and ids the claim-predicting commands share.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "The repository, OWNER/REPO.")
    var repo: String

    @Option(name: .customLong("owner-id"), help: "The owner's numeric id (with --repo-id: the immutable subject form).")
    var ownerID: String?

    @Option(name: .customLong("repo-id"), help: "The repository's numeric id (with --owner-id).")
    var repoID: String?

    @Option(name: .customLong("default-branch"), help: "The default branch: where schedule and workflow_dispatch run.")
    var defaultBranch: String = "main"

    @Option(name: .long, help: "Only this event; one the workflow's triggers list (push, pull_request, release, workflow_run, …).")
    var event: String?

    @Option(name: .long, help: "The ref the run is for: a branch name or a full refs/… ref.")
    var ref: String?

    func validate() throws {
        guard let r = RepositoryName(parsing: repo), r.ownerID == nil, r.repositoryID == nil else {
            throw ValidationError("--repo must be OWNER/REPO, found '\(repo)'")
        }
        guard (ownerID == nil) == (repoID == nil) else {
            throw ValidationError("--owner-id and --repo-id go together")
        }
        for id in [ownerID, repoID].compactMap({ $0 }) where id.isEmpty || !id.allSatisfy(\.isASCII) || !id.allSatisfy(\.isNumber) {
            throw ValidationError("ids must be numbers, found '\(id)'")
        }
    }

    var repository: RepositoryName {
        let r = RepositoryName(parsing: repo)!
        return RepositoryName(owner: r.owner, name: r.name, ownerID: ownerID, repositoryID: repoID)
    }
}

/// Reads one input file; an unreadable file is a diagnostic and exit 2.
func readInput(_ path: String, what: String, rule: String) throws -> String {
    switch InputFile.read(path, rule: rule) {
    case .success(let text): return text
    case .failure(let d): throw fail(DiagnosticError([d]))
    }
}

func readPolicy(_ path: String) throws -> PolicyDocument {
    let text = try readInput(path, what: "policy", rule: "policy-read")
    do {
        return try PolicyCodec.decode(text)
    } catch {
        throw fail(DiagnosticError([Diagnostic(at: SourceLocation(path: path), error.description, rule: "policy-invalid")]))
    }
}

func readWorkflow(_ path: String) throws -> KeylessAnalysis.WorkflowSource {
    let text = try readInput(path, what: "workflow", rule: "workflow-read")
    do {
        return try KeylessAnalysis.WorkflowSource(text: text, path: path)
    } catch {
        throw fail(error)
    }
}
