import KeylessModel
import Foundation
import KeylessAudit
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator

enum AuditPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = packageRoot.appendingPathComponent("docs-src/hive-kube-fixture/.github/workflows")
    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/python-sdk-2025-11-14/.github/workflows")
    static var corpusPresent: Bool { FileManager.default.fileExists(atPath: corpus.path) }

    /// Workflow files of a folder, with paths relative to it (`x.yml`).
    static func sources(_ dir: URL) -> [WorkflowSource] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
        return names.map { WorkflowSource(path: $0, text: (try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) ?? "") }
    }

    static func tool(_ name: String) -> URL? {
        let u = packageRoot.appendingPathComponent(".venv/bin/\(name)")
        return FileManager.default.isExecutableFile(atPath: u.path) ? u : nil
    }
}
