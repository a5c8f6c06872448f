import Foundation
import KeylessTestSupport
import Testing

/// `keyless audit` of the shipped hive-kube fixture in every format, byte for byte against reviewed
/// goldens (`KEYLESS_RECORD=1` writes them and fails, so a recording run never passes by itself).
@Suite struct AuditGoldenTests {
    static let formats = ["text", "json", "markdown", "html", "sarif"]

    @Test(arguments: formats) func hiveKubeFixtureAuditMatchesItsGolden(_ format: String) throws {
        let r = try run(try Tools.requireKeyless(), ["audit", "docs-src/hive-kube-fixture", "--format", format], cwd: TestPaths.packageRoot)
        #expect(r.status == 1, "the fixture holds long-lived keys: \(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let ext = ["text": "txt", "markdown": "md"][format] ?? format
        Golden.expect(r.stdout, equals: TestPaths.fixtures().appendingPathComponent("audit/hive-kube.\(ext)"))
    }
}
