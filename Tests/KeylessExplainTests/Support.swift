import Foundation
import KeylessAnalysis
import KeylessCatalog
import KeylessExplain
import KeylessGenerator
import KeylessModel
import KeylessSyntax
import KeylessTestSupport

/// The guide's entries as `keyless explain` reads them (built from `docs-src/keyless.yml`).
enum Entries {
    static let all: [ExplainEntry] = {
        guard let cfg = try? ConfigLoader.load(TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml").path) else { return [] }
        return ExplainCatalog.entries(cfg)
    }()
    static let explainer = Explainer(entries: all)
    static var ids: [String] { all.map(\.id) }
}

func fixture(_ name: String) -> URL { TestPaths.fixtures().appendingPathComponent(name) }

/// The evidence the CLI would build from `--workflow`, `--job`, `--policy` and `--repo`.
func evidence(workflow: String, job: String, policy: String? = nil, repo: String? = nil) throws -> ExplainEvidenceInput {
    let path = fixture(workflow).path
    let source = try KeylessAnalysis.WorkflowSource(text: TestPaths.read(fixture(workflow)), path: path)
    let document = try policy.map { try PolicyCodec.decode(TestPaths.read(fixture($0))) }
    return ExplainEvidenceInput(workflow: source.workflow, workflowPath: ".github/workflows/\(workflow)", job: job, policy: document,
                                repository: repo.flatMap(RepositoryName.init(parsing:)))
}
