import KeylessTestSupport
import KeylessModel
import Foundation
import KeylessAudit
import KeylessSyntax

enum AuditPaths {
    static let fixture = TestPaths.packageRoot.appendingPathComponent("docs-src/hive-kube-fixture/.github/workflows")
    static let corpus = TestPaths.pythonSDKCorpus.appendingPathComponent(".github/workflows")

    /// Workflow files of a folder, with paths relative to it (`x.yml`).
    static func sources(_ dir: URL) -> [WorkflowSource] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
        return names.map { WorkflowSource(path: $0, text: (try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) ?? "") }
    }
}
